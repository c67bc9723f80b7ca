import { formatBytes, formatCount, formatDateTime } from '../../../shared/format';
import type { CliCommand, CliContext } from '../command';
import { table } from '../style';
import { passphraseOption, remoteOption, remoteTarget } from './remote-options';

async function listRemote(ctx: CliContext): Promise<void> {
  const r = await ctx.runJob('remote.snapshots', remoteTarget(ctx, 'from'), 'Listing');
  if (ctx.json) return ctx.printJson(r.snapshots);
  const { style } = ctx;
  ctx.print(`${style.bold('Remote')} ${r.remote}: ${r.label}${r.encrypted ? ' (encrypted)' : ''}`);
  if (r.snapshots.length === 0) {
    ctx.print(`No snapshots there yet. Push with \`modvault push --to ${r.remote}\`.`);
    return;
  }
  const rows = [['ID', 'TIME', 'HOST', 'VERSIONS', 'SIZE', 'PUSHED'].map((h) => style.bold(h))];
  for (const s of r.snapshots)
    rows.push([
      style.cyan(s.id),
      new Date(s.time).toLocaleString(),
      s.host,
      formatCount(s.versions),
      formatBytes(s.bytes),
      `${new Date(s.pushedAt).toLocaleString()} from ${s.pushedFrom}`,
    ]);
  ctx.print(table(rows, [3, 4]));
}

async function listVersions(ctx: CliContext, ref: string): Promise<void> {
  const versions = await ctx.engine.client.query('store.versions', { snapshot: ref });
  if (ctx.json) return ctx.printJson(versions);
  const { style } = ctx;
  const rows = [['MODULE', 'VERSION', 'FROM', 'FILES', 'SIZE', 'H1'].map((h) => style.bold(h))];
  for (const v of versions)
    rows.push([
      v.path,
      v.version,
      v.source === 'none'
        ? style.dim('.mod only')
        : v.verified
          ? v.source
          : style.yellow(`${v.source}, unverified`),
      formatCount(v.fileCount),
      formatBytes(v.contentBytes),
      style.dim(v.h1),
    ]);
  ctx.print(table(rows, [3, 4]));
}

export const snapshotsCommand: CliCommand = {
  name: 'snapshots',
  summary: 'List the snapshots in the store (or the versions of one)',
  usage: 'modvault snapshots [SNAPSHOT] [--from REMOTE] [--json]',
  options: [remoteOption('from', 'List the snapshots a remote holds'), passphraseOption],
  details: [
    'SNAPSHOT is an id (or a unique prefix of it) or "latest".',
    '',
    'Examples:',
    '  modvault snapshots',
    '  modvault snapshots latest --json',
  ].join('\n'),
  async run(ctx) {
    if (ctx.string('from')) {
      await listRemote(ctx);
      return 0;
    }
    if (ctx.positionals[0]) {
      await listVersions(ctx, ctx.positionals[0]);
      return 0;
    }
    const list = await ctx.engine.client.query('store.snapshots', {});
    if (ctx.json) {
      ctx.printJson(list);
      return 0;
    }
    const info = await ctx.engine.client.query('store.info', {});
    const { style } = ctx;
    ctx.print(
      `${style.bold('Store')} ${info.path} · ${formatBytes(info.storeBytes)} in ${formatCount(info.packs)} packs`,
    );
    if (list.length === 0) {
      ctx.print('No snapshots yet. Take one with `modvault snapshot`.');
      return 0;
    }
    const rows = [
      ['ID', 'TIME', 'VERSIONS', 'NEW', 'SIZE', 'ADDED', 'NOTES'].map((h) => style.bold(h)),
    ];
    for (const s of list)
      rows.push([
        style.cyan(s.id),
        formatDateTime(s.time),
        formatCount(s.versions),
        formatCount(s.newVersions),
        formatBytes(s.bytes),
        formatBytes(s.bytesAdded),
        [
          s.kind === 'import' ? 'import' : '',
          s.buildCache ? `+gocache ${formatBytes(s.buildCache.bytes)}` : '',
          s.problems ? style.yellow(`${s.problems} problem(s)`) : '',
        ]
          .filter(Boolean)
          .join(', '),
      ]);
    ctx.print(table(rows, [2, 3, 4, 5]));
    return 0;
  },
};
