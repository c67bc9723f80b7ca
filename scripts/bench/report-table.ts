import type { BenchRow } from './context';
import type { Comparison, Figure, FigureName } from './compare';

const MiB = 1024 * 1024;

/** The issue's goals, against the newest restic (the first peer after ModVault). */
const GOALS: Record<
  FigureName | 'store',
  { name: string; limit: number } | { seconds: number; name: string }
> = {
  first: { name: 'first snapshot', limit: 0.3 },
  noop: { name: 'no-op snapshot', seconds: 0.25 },
  full: { name: 'full restore', limit: 0.5 },
  quick: { name: 'quick restore', limit: 0.15 },
  store: { name: 'store size', limit: 0.2 },
};

const secs = (f: Figure) =>
  `${f.wall.toFixed(2)} s (cpu ${f.cpu.toFixed(2)} s, ${f.rssMb.toFixed(0)} MiB)`;

/** One markdown table per corpus: a row per figure, a column per tool, ratios beside peers. */
export function comparisonTable(c: Comparison): string {
  const [ours, ...peers] = c.tools;
  if (!ours) return '';
  const head = ['figure', ours.label, ...peers.map((p) => p.label), 'goal'];
  const lines = [
    `**${c.corpus}** — ${(c.sourceBytes / MiB).toFixed(0)} MiB of module cache; restores into ${c.restoreInto}; medians, wall (CPU, peak RSS); ratio = ModVault ÷ peer (wall, then CPU).`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  const ref = peers[0];
  for (const k of ['first', 'noop', 'full', 'quick'] as const) {
    const o = ours.figures[k];
    if (!o) continue;
    const goal = GOALS[k];
    const cells = peers.map((p) => {
      const f = p.figures[k] ?? p.figures.full;
      if (!f) return '—';
      return `${secs(f)} · **${(o.wall / f.wall).toFixed(2)}×** (cpu ${(o.cpu / f.cpu).toFixed(2)}×)`;
    });
    let verdict = '';
    if ('seconds' in goal)
      verdict = `≤ ${goal.seconds} s: ${o.wall <= goal.seconds ? 'PASS' : 'MISS'}`;
    else if (ref) {
      const f = ref.figures[k] ?? ref.figures.full;
      if (f)
        verdict = `≤ ${goal.limit}× ${ref.label}: ${o.wall / f.wall <= goal.limit ? 'PASS' : 'MISS'}`;
    }
    const name = k === 'quick' ? 'quick restore (vs peers’ full restore)' : goal.name;
    lines.push(`| ${name} | ${secs(o)} | ${cells.join(' | ')} | ${verdict} |`);
  }
  const size = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
  const storeGoal = GOALS.store as { limit: number };
  lines.push(
    `| store size | ${size(ours.storeBytes)} | ${peers
      .map((p) => `${size(p.storeBytes)} · **${(ours.storeBytes / p.storeBytes).toFixed(2)}×**`)
      .join(' | ')} | ${
      ref
        ? `≤ ${storeGoal.limit}× ${ref.label}: ${ours.storeBytes / ref.storeBytes <= storeGoal.limit ? 'PASS' : 'MISS'}`
        : ''
    } |`,
  );
  const peak = Math.max(...Object.values(ours.figures).map((f) => f.rssMb));
  const blanks = peers.map(() => ' |').join('');
  lines.push(
    `| ModVault peak memory (any figure) | ${peak.toFixed(0)} MiB |${blanks} ≤ 250 MB: ${peak * MiB <= 250e6 ? 'PASS' : 'MISS'} |`,
  );
  lines.push('', `load: before \`${c.uptimeBefore}\`; after \`${c.uptimeAfter}\``);
  for (const n of c.notes) lines.push('', `note: ${n}`);
  return lines.join('\n');
}

/** Rows of other suites (scan, verify) as a markdown table. */
export function rowsTable(title: string, rows: BenchRow[]): string {
  const lines = [
    `**${title}**`,
    '',
    '| figure | value | versus | ratio | goal |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const v = r.unit === 's' ? `${r.value.toFixed(3)} s` : `${r.value.toFixed(2)} ${r.unit}`;
    const cpu = r.cpuSeconds !== undefined ? ` (cpu ${r.cpuSeconds.toFixed(2)} s)` : '';
    const goal = r.target
      ? `${r.target}${r.pass === undefined ? '' : r.pass ? ': PASS' : ': MISS'}`
      : '';
    lines.push(
      `| ${r.metric} | ${v}${cpu} | ${r.versus ?? ''} | ${r.ratio?.toFixed(2) ?? ''} | ${goal} |`,
    );
  }
  return lines.join('\n');
}
