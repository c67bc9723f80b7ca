import { formatBytes } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand } from '../command';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Compare two snapshots, or a snapshot with the module cache now',
  usage: 'modvault diff SNAPSHOT (SNAPSHOT | --current) [--json]',
  options: [
    { name: 'current', type: 'boolean', description: 'Compare with the module cache as it is now' },
  ],
  details: [
    'Examples:',
    '  modvault diff 3f2a9c1d latest',
    '  modvault diff latest --current',
  ].join('\n'),
  async run(ctx) {
    const [from, to, extra] = ctx.positionals;
    const current = ctx.flag('current');
    if (!from || extra || (to === undefined) !== current)
      throw new UsageError('give two snapshots, or one snapshot and --current');
    const r = await ctx.runJob('store.diff', { from, to, current }, 'Diff');
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const { style } = ctx;
    for (const v of r.added)
      ctx.print(`${style.green('+')} ${v.path}@${v.version}  ${style.dim(formatBytes(v.bytes))}`);
    for (const v of r.removed)
      ctx.print(`${style.red('-')} ${v.path}@${v.version}  ${style.dim(formatBytes(v.bytes))}`);
    for (const v of r.changed)
      ctx.print(`${style.yellow('~')} ${v.path}@${v.version}  ${v.fromH1} → ${v.toH1}`);
    ctx.print(
      `${r.from} → ${r.to}: ${r.added.length} added (${formatBytes(r.bytesAdded)}), ${r.removed.length} removed (${formatBytes(r.bytesRemoved)}), ${r.changed.length} changed, ${r.unchanged} unchanged.`,
    );
    return 0;
  },
};
