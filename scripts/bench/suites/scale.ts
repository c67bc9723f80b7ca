import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchRow, BenchSuite } from '../context';
import { makeContext } from '../context';
import type { Comparison, FigureName } from '../compare';
import { compareTools, uptime } from '../compare';
import { ensureScaleCorpus, SCALE_SIZES } from '../corpus-scale';

/** Sizes measured unless --sizes says otherwise; 2,760 (about 20 GiB) only on request. */
const DEFAULT_SIZES = [276, 828];

function sizesFrom(argv: string[]): number[] {
  const i = argv.indexOf('--sizes');
  if (i < 0) return DEFAULT_SIZES;
  const sizes = (argv[i + 1] ?? '').split(',').map(Number);
  const bad = sizes.filter((s) => !SCALE_SIZES[s]);
  if (bad.length)
    throw new Error(
      `--sizes: unknown size ${bad.join(', ')}; known: ${Object.keys(SCALE_SIZES).join(', ')}`,
    );
  return sizes;
}

type Cost = FigureName | 'store' | 'memory';
/** Flat figures must stay within 20 % whatever the growth; the others grow with the data. */
const FLAT: Cost[] = ['noop', 'memory'];

function cost(c: Comparison, k: Cost, cpu = false): number | undefined {
  const t = c.tools[0]!;
  if (k === 'store') return t.storeBytes;
  if (k === 'memory') return Math.max(...Object.values(t.figures).map((f) => f.rssMb));
  const f = t.figures[k];
  return f ? (cpu ? f.cpu : f.wall) : undefined;
}

/** The table of every size and each figure's growth from one size to the next. */
export function scaleReport(
  results: { size: number; c: Comparison }[],
  command: string,
): { md: string; rows: BenchRow[] } {
  const rows: BenchRow[] = [];
  const lines = [
    `## Scale: \`${command}\` (${uptime()})`,
    '',
    `| size | data | first snapshot | no-op snapshot | full restore | quick restore | store | peak memory |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  const fmt = (v: number | undefined, cpu: number | undefined) =>
    v === undefined ? '—' : `${v.toFixed(2)} s (cpu ${cpu?.toFixed(2)} s)`;
  for (const { size, c } of results)
    lines.push(
      `| ${size} | ${(c.sourceBytes / 2 ** 30).toFixed(2)} GiB | ${(
        ['first', 'noop', 'full', 'quick'] as const
      )
        .map((k) => fmt(cost(c, k), cost(c, k, true)))
        .join(
          ' | ',
        )} | ${(cost(c, 'store')! / 2 ** 20).toFixed(1)} MiB | ${cost(c, 'memory')!.toFixed(0)} MiB |`,
    );
  lines.push(
    '',
    '| growth | data | figure | wall × | cpu × | verdict |',
    '|---|---|---|---|---|---|',
  );
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const data = b.c.sourceBytes / a.c.sourceBytes;
    for (const k of ['first', 'noop', 'full', 'quick', 'store', 'memory'] as const) {
      const x = cost(a.c, k);
      const y = cost(b.c, k);
      if (x === undefined || y === undefined) continue;
      const g = y / x;
      const gc = k === 'store' || k === 'memory' ? g : cost(b.c, k, true)! / cost(a.c, k, true)!;
      const limit = FLAT.includes(k) ? 1.2 : data * 1.1;
      const pass = Math.max(g, gc) <= limit;
      rows.push({
        metric: `${a.size}→${b.size} ${k} growth`,
        value: g,
        unit: 'x',
        target: `≤ ${limit.toFixed(2)}×`,
        pass,
      });
      lines.push(
        `| ${a.size} → ${b.size} | ${data.toFixed(2)}× | ${k} | ${g.toFixed(2)}× | ${gc.toFixed(2)}× | ${FLAT.includes(k) ? 'flat' : 'no faster than the data'}: ${pass ? 'PASS' : 'MISS'} |`,
      );
    }
  }
  return { md: lines.join('\n'), rows };
}

/**
 * `npm run bench -- scale [--sizes 276,828,2760]`: ModVault on the shared corpus generator's
 * 276, 828 and 2,760 versions (built on first use), and each figure's growth from one size to
 * the next beside the growth of the data itself.
 */
export const scaleSuite: BenchSuite = {
  name: 'scale',
  description:
    'ModVault at 276 / 828 (/ 2,760 with --sizes) versions: growth of every figure vs the data',
  async run(ctx) {
    const sizes = sizesFrom(process.argv);
    const results: { size: number; c: Comparison }[] = [];
    for (const size of sizes) {
      const corpus = ensureScaleCorpus(size, ctx.log);
      const sctx = makeContext({
        corpus,
        work: path.join(ctx.work, `scale-${size}`),
        runs: ctx.runs,
      });
      results.push({
        size,
        c: await compareTools(sctx, { peers: false, label: `${size} versions` }),
      });
    }
    const { md, rows } = scaleReport(
      results,
      `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    );
    const out = path.join(ctx.repoRoot, 'test-results', 'bench', 'scale.md');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, md + '\n');
    console.log(`\n${md}\nwritten to ${out}`);
    return rows;
  },
};
