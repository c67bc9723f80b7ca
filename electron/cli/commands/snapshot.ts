import { NOTE_PROBLEMS } from '../../../shared/dto/store';
import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import type { CliCommand } from '../command';

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: 'Back up the module cache (and the build cache) into the store',
  usage: 'modvault snapshot [--gocache] [--store DIR] [--json]',
  options: [
    {
      name: 'gocache',
      type: 'boolean',
      description: 'Also back up the build cache (GOCACHE); trim.txt is left out',
    },
  ],
  details: [
    'Module versions already in the store are never read again: a snapshot of an unchanged',
    'cache costs a directory listing. New versions are read from their zips (or, without a zip,',
    'from their extracted tree) and checked against their .ziphash; a damaged version is',
    'reported and keeps its last good copy. Exit code 1 when problems were found.',
    '',
    'Examples:',
    '  modvault snapshot',
    '  modvault snapshot --gocache --store /mnt/backup/modvault',
  ].join('\n'),
  async run(ctx) {
    const r = await ctx.runJob('store.snapshot', { gocache: ctx.flag('gocache') }, 'Snapshot');
    const serious = r.problems.filter((p) => !NOTE_PROBLEMS.includes(p.kind));
    if (ctx.json) {
      ctx.printJson(r);
      return serious.length ? 1 : 0;
    }
    const { style } = ctx;
    ctx.print(
      `${style.bold('Snapshot')} ${style.cyan(r.id)}: ${formatCount(r.versions)} versions (${formatCount(r.newVersions)} new), ${formatCount(r.files)} other files, ${formatBytes(r.bytes)}`,
    );
    if (r.buildCache)
      ctx.print(
        `Build cache: ${formatCount(r.buildCache.files)} files, ${formatBytes(r.buildCache.bytes)} (${r.buildCache.goVersion} ${r.buildCache.goos}/${r.buildCache.goarch})`,
      );
    ctx.print(
      `Added ${formatBytes(r.bytesAdded)} · store ${formatBytes(r.storeBytes)} · ${formatDuration(r.durationMs)}`,
    );
    if (r.healed)
      ctx.print(
        style.green(
          `Healed ${formatCount(r.healed)} damaged or missing blob${r.healed === 1 ? '' : 's'}: stored again from the cache` +
            (r.healedSnapshots?.length
              ? `; snapshot${r.healedSnapshots.length === 1 ? '' : 's'} ${r.healedSnapshots.join(', ')} restore${r.healedSnapshots.length === 1 ? 's' : ''} completely again.`
              : '.'),
        ),
      );
    for (const p of r.problems) {
      const tag = NOTE_PROBLEMS.includes(p.kind) ? style.dim('note   ') : style.red('problem');
      const who = p.version ? `${p.path}@${p.version}` : (p.file ?? '');
      const kept = p.keptFrom ? style.dim(` (kept the copy from snapshot ${p.keptFrom})`) : '';
      ctx.print(`${tag} ${who}: ${p.kind}: ${p.detail}${kept}`);
    }
    return serious.length ? 1 : 0;
  },
};
