import { mkdir } from 'node:fs/promises';
import type { BenchRow } from './context';
import { makeContext } from './context';
import { buildRealCorpus, resolveCorpusName } from './real-corpus';
import { suites } from './suites';

// npm run bench -- [suite...] [--corpus DIR|real] [--work DIR] [--runs N] [--json]
// npm run bench -- corpus real   (builds the real-world corpus once, through the real proxy)
// Runs ModVault and its peers (du, go, restic, borg) side by side on the shared corpus and
// prints each figure with its ratio and the target.

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
  if (argv[0] === 'corpus') {
    if (argv[1] !== 'real') {
      console.error('usage: npm run bench -- corpus real');
      return 2;
    }
    console.log(await buildRealCorpus((msg) => process.stderr.write(`· ${msg}\n`)));
    return 0;
  }
  const valueFlags = new Set(['--corpus', '--work', '--runs', '--sizes']);
  const names = argv.filter((a, i) => !a.startsWith('--') && !valueFlags.has(argv[i - 1] ?? ''));
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

process.exitCode = await main(process.argv.slice(2));
