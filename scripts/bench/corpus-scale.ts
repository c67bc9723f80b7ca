import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const SHARED_BENCH = process.env.MODVAULT_SHARED_BENCH ?? '/work/shared/bench';
const CORPUS_ROOT = process.env.MODVAULT_CORPUS_ROOT ?? '/tmp/modvault-corpus';

/** Versions per module → module versions in the corpus (69 modules). */
export const SCALE_SIZES: Record<number, number> = { 276: 4, 828: 12, 2760: 40 };

/** A corpus is complete once its builder wrote corpus.json (the last thing both builders write). */
export const isCorpus = (dir: string) =>
  existsSync(path.join(dir, 'gopath', 'pkg', 'mod', 'cache', 'download')) &&
  existsSync(path.join(dir, 'corpus.json'));

/**
 * The corpus folder of a size: the shared 276-version corpus is c1 (built by the handbook's
 * commands, used read-only); larger ones are this bench's own, c12 and c40.
 */
export function scaleCorpusDir(size: number): string {
  const perModule = SCALE_SIZES[size];
  if (!perModule)
    throw new Error(`no corpus size ${size}; known: ${Object.keys(SCALE_SIZES).join(', ')}`);
  return path.join(CORPUS_ROOT, perModule === 4 ? 'c1' : `c${perModule}`);
}

/** The real-world corpus of `npm run bench -- corpus real`, when it has been built. */
export function realCorpusDir(): string {
  return (
    process.env.MODVAULT_REAL_CORPUS ?? path.join(homedir(), '.cache', 'modvault-bench', 'real')
  );
}

/** How to build a missing corpus, as the command to paste. */
export function buildHint(size: number): string {
  const dir = scaleCorpusDir(size);
  return [
    `src=$(${SHARED_BENCH}/go-sources.sh ${CORPUS_ROOT})`,
    `python3 ${SHARED_BENCH}/make_go_corpus.py --src "$src" --out ${dir} --versions ${SCALE_SIZES[size]}`,
  ].join(' && ');
}

/**
 * Builds the corpus of a size with the shared generator when it is missing (the Debian Go
 * sources once, then the real Go toolchain fills the module cache from a file:// proxy).
 */
export function ensureScaleCorpus(size: number, log: (msg: string) => void): string {
  const dir = scaleCorpusDir(size);
  if (isCorpus(dir)) return dir;
  log(`building the ${size}-version corpus in ${dir} (${buildHint(size)})`);
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}` };
  const src = spawnSync('bash', [path.join(SHARED_BENCH, 'go-sources.sh'), CORPUS_ROOT], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (src.status !== 0)
    throw new Error(`go-sources.sh failed; build it by hand: ${buildHint(size)}`);
  const made = spawnSync(
    'python3',
    [path.join(SHARED_BENCH, 'make_go_corpus.py'), '--src', src.stdout.trim(), '--out', dir].concat(
      '--versions',
      String(SCALE_SIZES[size]),
    ),
    { env, stdio: 'inherit' },
  );
  if (made.status !== 0 || !isCorpus(dir))
    throw new Error(`make_go_corpus.py failed; build it by hand: ${buildHint(size)}`);
  return dir;
}
