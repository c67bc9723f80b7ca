import type { ScanReport } from '../../../shared/dto/cache';
import { formatBytes, formatCount } from '../../../shared/format';
import type { CliCommand, CliContext } from '../command';
import { table } from '../style';

const PROBLEM_STATES = new Set(['corrupt', 'partial', 'tree-only']);

function printScan(ctx: CliContext, r: ScanReport): void {
  const { style } = ctx;
  if (!r.exists) {
    ctx.print(`${style.yellow('The module cache does not exist:')} ${r.gomodcache}`);
    return;
  }
  const t = r.totals;
  ctx.print(`${style.bold('Module cache')} ${r.gomodcache}`);
  ctx.print(
    `${formatCount(t.versions)} versions of ${formatCount(t.modules)} modules · zips ${formatBytes(t.zipBytes)} · extracted trees ${formatBytes(t.treeBytes)}`,
  );
  const states = Object.entries(t.byState)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${PROBLEM_STATES.has(s) ? style.red(s) : s} ${n}`);
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
    const state = PROBLEM_STATES.has(m.state)
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
  details: 'Exit code 1 when a version is corrupt, partial or tree-only, or leftovers exist.',
  async run(ctx) {
    const report = await ctx.runJob('cache.scan', {}, 'Scanning');
    if (ctx.json) ctx.printJson(report);
    else printScan(ctx, report);
    const problems =
      report.modules.some((m) => PROBLEM_STATES.has(m.state)) || report.leftovers.length > 0;
    return problems ? 1 : 0;
  },
};
