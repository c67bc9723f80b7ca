import { formatBytes, formatCount } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { passphraseOption, remoteOption, remoteTarget } from './remote-options';

async function pruneRemote(ctx: CliContext): Promise<ExitCode> {
  const r = await ctx.runJob(
    'remote.prune',
    { ...remoteTarget(ctx, 'remote'), dryRun: ctx.flag('dry-run') },
    'Prune',
  );
  if (ctx.json) {
    ctx.printJson(r);
    return 0;
  }
  ctx.print(
    `${r.dryRun ? 'Would free' : 'Freed'} ${formatBytes(r.bytesFreed)}: ${formatCount(r.packsDeleted)} packs deleted; ${formatCount(r.packsKept)} packs kept (${formatBytes(r.unusedBytesKept)} of them unused).`,
  );
  return 0;
}

export const pruneCommand: CliCommand = {
  name: 'prune',
  summary: 'Reclaim the space of forgotten snapshots (repack packs that are mostly garbage)',
  usage: 'modvault prune [--repack-threshold PERCENT] [--dry-run] [--remote NAME]',
  options: [
    {
      name: 'repack-threshold',
      type: 'string',
      valueName: 'PERCENT',
      description: 'Rewrite a pack once this much of it is unused (default 50)',
    },
    { name: 'dry-run', type: 'boolean', description: 'Show what would be freed, change nothing' },
    remoteOption('remote', 'Prune this remote (takes its prune lock) instead of the local store'),
    passphraseOption,
  ],
  details: 'Data still referenced is verified before it moves; an interrupted prune loses nothing.',
  async run(ctx) {
    if (ctx.string('remote') !== undefined) return pruneRemote(ctx);
    const text = ctx.string('repack-threshold');
    const repackThreshold = text === undefined ? undefined : Number(text);
    if (repackThreshold !== undefined && !(repackThreshold >= 1 && repackThreshold <= 100))
      throw new UsageError('--repack-threshold needs a percentage between 1 and 100');
    const r = await ctx.runJob(
      'store.prune',
      { repackThreshold, dryRun: ctx.flag('dry-run') },
      'Prune',
    );
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const verb = r.dryRun ? 'Would free' : 'Freed';
    ctx.print(
      `${verb} ${formatBytes(r.bytesFreed)} (${formatBytes(r.bytesBefore)} → ${formatBytes(r.bytesAfter)} of packs).`,
    );
    ctx.print(
      `${formatCount(r.versionsDeleted)} versions and ${formatCount(r.blobsDeleted)} blobs unreferenced; ${formatCount(r.packsDeleted)} packs deleted, ${formatCount(r.packsRepacked)} repacked into ${formatCount(r.packsWritten)}.`,
    );
    return 0;
  },
};
