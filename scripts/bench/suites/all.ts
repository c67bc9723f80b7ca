import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { makeContext } from '../context';
import type { Comparison } from '../compare';
import { compareTools, uptime } from '../compare';
import { isCorpus, realCorpusDir } from '../corpus-scale';
import { comparisonTable, rowsTable } from '../report-table';
import { foundationSuite } from './foundation';

function hasVersionList(corpus: string): boolean {
  const file = path.join(corpus, 'corpus.json');
  if (!existsSync(file)) return false;
  return (
    typeof (JSON.parse(readFileSync(file, 'utf8')) as { versions?: unknown }).versions === 'object'
  );
}

/** Figures of a comparison as rows, for --json and the plain listing. */
export function comparisonRows(c: Comparison): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const t of c.tools) {
    for (const [k, f] of Object.entries(t.figures))
      rows.push({ metric: `${t.label} ${k}`, value: f.wall, unit: 's', cpuSeconds: f.cpu });
    rows.push({ metric: `${t.label} store`, value: t.storeBytes / 1e6, unit: 'MB' });
  }
  return rows;
}

/**
 * `npm run bench -- all`: ModVault and every peer on both corpora (the 276-version corpus and,
 * when `npm run bench -- corpus real` has built it, the real-world one), plus scan and verify,
 * as one markdown table (also written to test-results/bench/all.md) with the command that
 * produced it. A missing corpus is named with the command that builds it, and skipped;
 * `--no-real` leaves the real-world corpus out even when it is there.
 */
export const allSuite: BenchSuite = {
  name: 'all',
  description:
    'one table: both corpora, all peers, ratios, CPU time, memory (test-results/bench/all.md)',
  async run(ctx) {
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
    const started = uptime();
    const sections: string[] = [];
    const rows: BenchRow[] = [];
    const corpora: { name: string; ctx: BenchContext | null; hint: string }[] = [
      { name: '276-version corpus', ctx, hint: '' },
    ];
    const real = realCorpusDir();
    const noReal = process.argv.includes('--no-real');
    corpora.push({
      name: 'real-world corpus',
      ctx:
        isCorpus(real) && !noReal
          ? makeContext({ corpus: real, work: ctx.work, runs: ctx.runs })
          : null,
      hint: noReal
        ? 'left out (--no-real)'
        : `no real-world corpus at ${real}: build it with \`npm run bench -- corpus real\` (or set MODVAULT_REAL_CORPUS), then run this again`,
    });
    for (const c of corpora) {
      if (!c.ctx) {
        ctx.log(c.hint);
        sections.push(`### ${c.name}\n\nskipped: ${c.hint}`);
        continue;
      }
      ctx.log(`${c.name}: ${c.ctx.corpus}`);
      const cmp = await compareTools(c.ctx, { peers: true, label: c.name });
      rows.push(...comparisonRows(cmp));
      const parts = [`### ${c.name}`, '', comparisonTable(cmp)];
      // scan and verify need the generator's module list (corpus.json with `versions`).
      if (hasVersionList(c.ctx.corpus)) {
        const f = await foundationSuite.run(c.ctx);
        rows.push(...f);
        parts.push('', rowsTable(`scan and verify (${uptime()})`, f));
      }
      sections.push(parts.join('\n'));
    }
    const md = [
      `## Benchmarks: \`${command}\``,
      '',
      `${new Date().toISOString()} · node ${process.version} · ${ctx.runs} rounds, interleaved · load at start: \`${started}\``,
      '',
      ...sections.flatMap((s) => [s, '']),
    ].join('\n');
    const out = path.join(ctx.repoRoot, 'test-results', 'bench', 'all.md');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, md);
    console.log(`\n${md}\nwritten to ${out}\nproduced by: ${command}`);
    return rows;
  },
};
