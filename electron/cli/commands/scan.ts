import type { ScanReport, VersionState } from '../../../shared/dto/cache';
import { DAMAGED_STATES } from '../../../shared/dto/cache';
import { formatBytes, formatCount } from '../../../shared/format';
import type { CliCommand, CliContext } from '../command';
import { runHint } from '../hint';
import { reportMissingCache } from '../missing-cache';
import { table } from '../style';

function printScan(ctx: CliContext, r: ScanReport): void {
  const { style } = ctx;
  const t = r.totals;
  ctx.print(`${style.bold('Module cache')} ${r.gomodcache}`);
  ctx.print(
    `${formatCount(t.versions)} versions of ${formatCount(t.modules)} modules · zips ${formatBytes(t.zipBytes)} · extracted trees ${formatBytes(t.treeBytes)}`,
  );
  const states = Object.entries(t.byState)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${DAMAGED_STATES.has(s as VersionState) ? style.red(s) : s} ${n}`);
  if (states.length) ctx.print(states.join(' · '));
  if (t.toolchains.versions > 0)
    ctx.print(
      `Toolchains: ${formatCount(t.toolchains.versions)} Go toolchain${t.toolchains.versions === 1 ? '' : 's'} · zips ${formatBytes(t.toolchains.zipBytes)} · extracted trees ${formatBytes(t.toolchains.treeBytes)}`,
    );
  ctx.print();
  const rows = [
    [
      style.bold('MODULE'),
      style.bold('VERSION'),
      style.bold('STATE'),
      style.bold('ZIP'),
      style.bold('TREE'),
    ],
  ];
  for (const m of r.modules) {
    const state = DAMAGED_STATES.has(m.state)
      ? style.red(m.state)
      : m.state === 'ok'
        ? m.state
        : style.dim(m.state);
    rows.push([
      m.path,
      m.version,
      state + (m.reason ? style.dim(` (${m.reason})`) : ''),
      m.zip ? formatBytes(m.zipBytes) : '—',
      formatBytes(m.treeBytes),
    ]);
  }
  ctx.print(table(rows, [3, 4]));
  if (r.leftovers.length) {
    ctx.print();
    ctx.print(
      style.yellow(
        `${r.leftovers.length} leftover(s) from interrupted go commands (${formatBytes(t.leftoverBytes)}):`,
      ),
    );
    for (const l of r.leftovers) ctx.print(`  ${l.kind}  ${l.path}`);
  }
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'List every module version in the cache with its state and size',
  usage: 'modvault scan [--gomodcache DIR] [--json]',
  options: [],
  details: [
    'Exit code 1 when a version is corrupt, partial or tree-only, leftovers exist, or the cache',
    'was deleted (a snapshot of it exists); 0 when Go has not created a module cache yet.',
  ].join('\n'),
  async run(ctx) {
    const report = await ctx.runJob('cache.scan', {}, 'Scanning');
    if (ctx.json) ctx.printJson(report);
    if (!report.exists) return reportMissingCache(ctx, report.gomodcache, report.absence);
    if (!ctx.json) printScan(ctx, report);
    const problems =
      report.modules.some((m) => DAMAGED_STATES.has(m.state)) || report.leftovers.length > 0;
    if (problems && !ctx.json)
      ctx.print(`Run ${runHint(ctx, ['doctor', '--fix'])} to repair what the scan found.`);
    return problems ? 1 : 0;
  },
};
