import type { RepairResult } from '../../../shared/dto/store';
import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand, CliContext } from '../command';

function printRepair(ctx: CliContext, r: RepairResult): void {
  const { style } = ctx;
  ctx.print(
    r.rebuilt
      ? `${style.bold('Rebuilt the index')} (it was ${r.index}) from ${formatCount(r.packsRead)} packs and the snapshot manifests.`
      : `${style.bold('Checked the index')} (${r.index === 'ok' ? 'intact' : `it was ${r.index}`}) against every pack: read ${formatBytes(r.bytesRead)}.`,
  );
  ctx.print(
    `${formatCount(r.snapshots)} snapshots · ${formatCount(r.blobsIndexed)} blobs added from ${formatCount(r.packsAdded)} packs` +
      (r.packsSalvaged ? ` · ${formatCount(r.packsSalvaged)} damaged packs salvaged` : '') +
      ` · ${formatDuration(r.durationMs)}`,
  );
  if (r.snapshotsRecovered.length)
    ctx.print(`Recovered snapshots: ${r.snapshotsRecovered.join(', ')}`);
  if (r.manifestsWritten) ctx.print(`Wrote ${formatCount(r.manifestsWritten)} snapshot manifests.`);
  for (const m of r.movedAside)
    ctx.print(`${style.yellow('moved aside')} ${m.from} → ${m.to}: ${m.reason}`);
  for (const l of r.losses) {
    const what = [
      l.versionCount ? `${formatCount(l.versionCount)} module versions` : '',
      l.files ? `${formatCount(l.files)} other files` : '',
    ].filter(Boolean);
    ctx.print(
      `${style.red('incomplete')} snapshot ${l.snapshot}: ${what.join(' and ')} (${formatBytes(l.bytes)}) lost${l.versions.length ? `: ${l.versions.slice(0, 5).join(', ')}${l.versionCount > 5 ? ', …' : ''}` : ''}`,
    );
  }
  if (r.losses.length)
    ctx.print(
      'Take a snapshot while the module cache still holds what is lost: it is stored again, and these snapshots restore completely again.',
    );
  ctx.print(r.ok ? style.green('Every snapshot is complete.') : style.red('Some data is lost.'));
}

export const storeCommand: CliCommand = {
  name: 'store',
  summary: 'Manage the store itself: `store repair` rebuilds a damaged or lost index',
  usage: 'modvault store repair [--store DIR] [--json]',
  options: [],
  details: [
    'repair: rebuilds the index (index.sqlite) from the packs and the snapshot manifests when it',
    'is missing, empty or damaged, like restic repair index + repair snapshots; with an intact',
    'index, reads every pack back, adds packs and snapshots the index does not know, and marks',
    'what is damaged so the next snapshot stores it again. Nothing is deleted: what cannot be',
    "read is moved into the store's damaged/ folder. Exit code 1 when data is lost.",
    '',
    'Examples:',
    '  modvault store repair',
    '  modvault store repair --store /mnt/backup/modvault --json',
  ].join('\n'),
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (sub !== 'repair' || rest.length > 0)
      throw new UsageError(sub ? `unknown store command "${sub}"` : 'give a store command: repair');
    const r = await ctx.runJob('store.repair', {}, 'Repair');
    if (ctx.json) ctx.printJson(r);
    else printRepair(ctx, r);
    return r.ok ? 0 : 1;
  },
};
