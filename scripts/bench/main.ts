import { mkdir } from 'node:fs/promises';
import type { BenchRow } from './context';
import { makeContext, NoCorpusError, SMALL_CORPUS_DIR } from './context';
import { buildCorpus, CORPUS_SIZES } from './corpus';
import { buildRealCorpus, resolveCorpusName } from './real-corpus';
import { suites } from './suites';

// npm run bench -- [suite...] [--corpus DIR|real] [--work DIR] [--runs N] [--json]
// npm run bench -- corpus small [--out DIR]
// npm run bench -- corpus real   (builds the real-world corpus once, through the real proxy)
// Runs ModVault and its peers (du, go, restic, borg) side by side on the shared corpus and
// prints each figure with its ratio and the issue's target; or builds a corpus to run them on.

/** The proxy the corpus comes from: the user's own (an http one), else the public one. */
function corpusProxy(): string {
  const own = process.env.GOPROXY;
  return own && /^https?:\/\//.test(own) ? own : 'https://proxy.golang.org';
}

async function corpusCommand(size: string | undefined, out: string | undefined): Promise<number> {
  const spec = CORPUS_SIZES[(size ?? 'small') as keyof typeof CORPUS_SIZES];
  if (!spec) {
    console.error(
      `unknown corpus size: ${size}; known: ${[...Object.keys(CORPUS_SIZES), 'real'].join(', ')} (the 276-version reference corpus: see docs/benchmarks.md)`,
    );
    return 2;
  }
  const dir = out ?? SMALL_CORPUS_DIR;
  const proxy = corpusProxy();
  console.error(`· building the ${size ?? 'small'} corpus in ${dir} from ${proxy}`);
  const built = await buildCorpus(spec, dir, proxy, (m) => console.error(`· ${m}`));
  console.log(
    `Built ${built.versions} module versions in ${built.gomodcache}.\nRun the benchmarks on it: npm run bench${out ? ` -- --corpus ${dir}` : ''}`,
  );
  return 0;
}

function fmt(row: BenchRow): string {
  const value =
    row.unit === 's'
      ? `${row.value.toFixed(3)} s`
      : row.unit === 'x'
        ? `${row.value.toFixed(2)}×`
        : `${row.value.toFixed(1)} ${row.unit}`;
  const parts = [row.metric.padEnd(44), value.padStart(12)];
  if (row.versus) parts.push(`vs ${row.versus}`);
  if (row.ratio !== undefined) parts.push(`ratio ${row.ratio.toFixed(2)}`);
  if (row.target) parts.push(`target ${row.target}`);
  if (row.pass !== undefined) parts.push(row.pass ? 'PASS' : 'MISS');
  return parts.join('  ');
}

async function main(argv: string[]): Promise<number> {
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const valueFlags = new Set(['--corpus', '--work', '--runs', '--out', '--sizes']);
  const names = argv.filter((a, i) => !a.startsWith('--') && !valueFlags.has(argv[i - 1] ?? ''));
  if (names[0] === 'corpus' && names[1] === 'real') {
    console.log(await buildRealCorpus((msg) => process.stderr.write(`· ${msg}\n`)));
    return 0;
  }
  if (names[0] === 'corpus') return corpusCommand(names[1], opt('out'));
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) {
    console.error(
      `unknown suite(s): ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  const ctx = makeContext({
    corpus: resolveCorpusName(opt('corpus')),
    work: opt('work'),
    runs: opt('runs') ? Number(opt('runs')) : undefined,
  });
  await mkdir(ctx.work, { recursive: true });
  // `all` and `scale` are runs of their own (each measures everything again): not in the default.
  const selected = names.length
    ? suites.filter((s) => names.includes(s.name))
    : suites.filter((s) => s.name !== 'all' && s.name !== 'scale');
  const results: Record<string, BenchRow[]> = {};
  for (const suite of selected) {
    ctx.log(`suite ${suite.name}: ${suite.description}`);
    results[suite.name] = await suite.run(ctx);
  }
  if (argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
  else {
    for (const [name, rows] of Object.entries(results)) {
      console.log(`\n== ${name} (corpus ${ctx.corpus}, median of ${ctx.runs})`);
      for (const row of rows) console.log(fmt(row));
    }
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Expected trouble (no corpus, no go, the proxy unreachable) is a message, not a stack trace.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = e instanceof NoCorpusError ? 2 : 1;
}
