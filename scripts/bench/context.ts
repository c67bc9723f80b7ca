import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMALL_CORPUS } from './corpus';

export interface BenchRow {
  metric: string;
  value: number;
  unit: 's' | 'ms' | 'MiB' | 'MB' | 'x' | 'count' | '%';
  /** What it is compared with, e.g. "restic backup 5.30 s". */
  versus?: string;
  /** value / peer value, when compared. */
  ratio?: number;
  /** The issue's figure, e.g. "≤ 0.6× restic". */
  target?: string;
  pass?: boolean;
  /** CPU time (user + system) beside a time figure. */
  cpuSeconds?: number;
}

export interface BenchContext {
  repoRoot: string;
  cli: string;
  /** The shared benchmark corpus (../shared/bench): c1/ with gopath, gocache, project, proxy. */
  corpus: string;
  /** Scratch space for stores, peers' repositories and restored copies. */
  work: string;
  runs: number;
  corpusEnv: Record<string, string>;
  gomodcache: string;
  log(msg: string): void;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Where corpora are looked for when none is named: the reference one, then the small one. */
export const REFERENCE_CORPUS = '/tmp/modvault-corpus/c1';
export const SMALL_CORPUS_DIR = '/tmp/modvault-corpus/small';

/** The benchmarks have nothing to measure: what to do is the whole message (no stack trace). */
export class NoCorpusError extends Error {}

const smallVersions = SMALL_CORPUS.modules.reduce((n, m) => n + m.versions.length, 0);

const hasCorpus = (dir: string) =>
  existsSync(path.join(dir, 'gopath', 'pkg', 'mod', 'cache', 'download'));

export function makeContext(opts: { corpus?: string; work?: string; runs?: number }): BenchContext {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const named = opts.corpus ?? process.env.MODVAULT_CORPUS;
  const corpus = path.resolve(
    named ?? [REFERENCE_CORPUS, SMALL_CORPUS_DIR].find(hasCorpus) ?? REFERENCE_CORPUS,
  );
  const gopath = path.join(corpus, 'gopath');
  if (!hasCorpus(corpus)) {
    throw new NoCorpusError(
      [
        `No benchmark corpus at ${corpus}${named ? '' : ` (nor at ${SMALL_CORPUS_DIR})`}.`,
        `Build the small one (${smallVersions} versions of ${SMALL_CORPUS.modules.length} real modules from the Go module proxy, a minute or two):`,
        '  npm run bench -- corpus small',
        'then run the benchmarks again. The reference corpus (276 versions, the figures in',
        'docs/benchmarks.md) is built from Debian’s Go sources as docs/benchmarks.md shows.',
        'Or point --corpus DIR (or MODVAULT_CORPUS) at a corpus you already have.',
      ].join('\n'),
    );
  }
  const gomodcache = path.join(gopath, 'pkg', 'mod');
  return {
    repoRoot,
    cli: path.join(repoRoot, 'dist', 'node', 'cli.mjs'),
    corpus,
    work: path.resolve(opts.work ?? process.env.MODVAULT_BENCH_WORK ?? '/tmp/modvault-bench'),
    runs: opts.runs ?? 3,
    gomodcache,
    corpusEnv: {
      GOPATH: gopath,
      GOMODCACHE: gomodcache,
      GOCACHE: path.join(corpus, 'gocache'),
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOTOOLCHAIN: 'local',
      NO_COLOR: '1',
    },
    log: (msg) => process.stderr.write(`· ${msg}\n`),
  };
}

/** A ratio row: ours vs theirs, checked against "at most `limit` × theirs". */
export function ratioRow(
  metric: string,
  ours: number,
  theirs: number,
  versus: string,
  limit: number,
): BenchRow {
  const ratio = ours / theirs;
  return {
    metric,
    value: ours,
    unit: 's',
    versus: `${versus} ${theirs.toFixed(2)} s`,
    ratio,
    target: `≤ ${limit}×`,
    pass: ratio <= limit,
  };
}
