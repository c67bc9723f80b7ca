import type { RetentionPolicy } from '../../../shared/dto/store';
import { formatBytes, formatDateTime } from '../../../shared/format';
import type { OptionSpec } from '../args';
import { UsageError } from '../args';
import type { CliCommand, CliContext } from '../command';
import { table } from '../style';
import { passphraseOption, remoteOption, remoteTarget } from './remote-options';

const RULES = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

/** --keep-last/-hourly/-daily/-weekly/-monthly/-yearly N, shared with `schedule add`. */
export const retentionOptions: OptionSpec[] = RULES.map((rule) => ({
  name: `keep-${rule}`,
  type: 'string' as const,
  valueName: 'N',
  description:
    rule === 'last'
      ? 'Keep the N newest snapshots'
      : `Keep the newest snapshot of each of the last N ${rule === 'daily' ? 'days' : rule.replace(/ly$/, 's')}`,
}));

export function retentionPolicy(ctx: CliContext): RetentionPolicy {
  const out: RetentionPolicy = {};
  for (const rule of RULES) {
    const text = ctx.string(`keep-${rule}`);
    if (text === undefined) continue;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--keep-${rule} needs a whole number of at least 1`);
    out[rule] = n;
  }
  return out;
}

export const forgetCommand: CliCommand = {
  name: 'forget',
  summary: 'Remove snapshots, by id or by a retention policy',
  usage:
    'modvault forget [SNAPSHOT...] [--keep-last N] [--keep-daily N] ... [--prune] [--dry-run] [--force]',
  options: [
    ...retentionOptions,
    {
      name: 'prune',
      type: 'boolean',
      description: 'Reclaim the space right away (see `modvault prune`)',
    },
    { name: 'dry-run', type: 'boolean', description: 'Show what would be removed, remove nothing' },
    { name: 'force', type: 'boolean', description: 'Allow removing the latest snapshot' },
    remoteOption('remote', 'Forget (and prune) on this remote instead of the local store'),
    passphraseOption,
  ],
  details: [
    'Policies apply to each source (host and module cache) separately; every kept snapshot',
    'lists the reasons it is kept. The latest snapshot is never removed without --force.',
    'Forgetting frees no space by itself: run `modvault prune` (or add --prune).',
    '',
    'Examples:',
    '  modvault forget --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --dry-run',
    '  modvault forget 3f2a9c1d --prune',
  ].join('\n'),
  async run(ctx) {
    const keep = retentionPolicy(ctx);
    if (ctx.positionals.length === 0 && Object.keys(keep).length === 0)
      throw new UsageError('name snapshots to forget or give at least one --keep-* option');
    if (ctx.positionals.length > 0 && Object.keys(keep).length > 0)
      throw new UsageError('give snapshot ids or --keep-* options, not both');
    const forget = {
      snapshots: ctx.positionals,
      policy: keep,
      force: ctx.flag('force'),
      dryRun: ctx.flag('dry-run'),
      prune: ctx.flag('prune'),
    };
    const onRemote = ctx.string('remote') !== undefined;
    const r = onRemote
      ? await ctx.runJob('remote.forget', { ...forget, ...remoteTarget(ctx, 'remote') }, 'Forget')
      : await ctx.runJob('store.forget', forget, 'Forget');
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const { style } = ctx;
    const rows = [['', 'ID', 'TIME', 'REASONS'].map((h) => style.bold(h))];
    for (const k of r.keep)
      rows.push([
        style.green('keep'),
        style.cyan(k.id),
        formatDateTime(k.time),
        k.reasons.join(', '),
      ]);
    for (const k of r.remove)
      rows.push([
        style.red(r.dryRun ? 'would remove' : 'removed'),
        style.cyan(k.id),
        formatDateTime(k.time),
        '',
      ]);
    ctx.print(table(rows));
    if (r.prune) ctx.print(`Pruned: ${formatBytes(r.prune.bytesFreed)} freed.`);
    else if (!r.dryRun && r.remove.length > 0)
      ctx.print(
        style.dim(
          `Run \`modvault prune${onRemote ? ` --remote ${ctx.string('remote')}` : ''}\` to free the space.`,
        ),
      );
    return 0;
  },
};
