import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  metric: string;
  value: number;
  unit: 's' | 'ms' | 'MiB' | 'MB' | 'x' | 'count' | '%';
  /** What it is compared with, e.g. "restic backup 5.30 s". */
  versus?: string;
  /** value / peer value, when compared. */
  ratio?: number;
  /** The figure, e.g. "≤ 0.6× restic". */
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

export function makeContext(opts: { corpus?: string; work?: string; runs?: number }): BenchContext {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const corpus = path.resolve(
    opts.corpus ?? process.env.MODVAULT_CORPUS ?? '/tmp/modvault-corpus/c1',
  );
  const gopath = path.join(corpus, 'gopath');
  if (!existsSync(path.join(gopath, 'pkg', 'mod', 'cache', 'download'))) {
    throw new Error(
      [
        `No benchmark corpus at ${corpus}. Build it once (about a minute):`,
        '  src=$(../shared/bench/go-sources.sh /tmp/modvault-corpus)',
        '  python3 ../shared/bench/make_go_corpus.py --src "$src" --out /tmp/modvault-corpus/c1 --versions 4',
        'or point --corpus / MODVAULT_CORPUS at one.',
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
