import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import { UsageError } from '../args';
import { runHint } from '../hint';
import type { CliCommand, CliContext } from '../command';

/** --read-data (100), --read-data=PERCENT, or absent (0). */
export function readDataPercent(ctx: CliContext): number {
  const text = ctx.string('read-data');
  const readData = text === undefined ? 0 : text === '' ? 100 : Number(text.replace(/%$/, ''));
  if (!(readData >= 0 && readData <= 100))
    throw new UsageError('--read-data takes a percentage between 0 and 100');
  return readData;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Check the store: index, packs, and with --read-data the data itself',
  usage: 'modvault check [--read-data[=PERCENT]] [--json]',
  options: [
    {
      name: 'read-data',
      type: 'string',
      optionalValue: true,
      valueName: 'PERCENT',
      description: 'Also decompress and re-hash all data, or a PERCENT sample of the packs',
    },
  ],
  details: [
    'Without --read-data: the index is consistent, every pack is present and complete, and every',
    "blob's header in its pack matches the index. Exit code 1 when something is damaged.",
    '',
    'Examples:',
    '  modvault check',
    '  modvault check --read-data=10',
  ].join('\n'),
  async run(ctx) {
    const readData = readDataPercent(ctx);
    const info = await ctx.engine.client.query('store.info', {});
    if (!info.exists) {
      // Nothing backed up yet is a state, not damage: an empty store checks clean.
      const empty = { ok: true, snapshots: 0, packs: 0, blobs: 0, readDataPercent: 0 };
      if (ctx.json)
        ctx.printJson({
          ...empty,
          packsRead: 0,
          blobsRead: 0,
          bytesRead: 0,
          problems: [],
          durationMs: 0,
        });
      else
        ctx.print(
          `No backup store yet at ${info.path}: nothing to check. The first snapshot creates it: run ${runHint(ctx, ['snapshot'])}.`,
        );
      return 0;
    }
    const r = await ctx.runJob('store.check', { readData }, 'Check');
    if (ctx.json) {
      ctx.printJson(r);
      return r.ok ? 0 : 1;
    }
    const { style } = ctx;
    ctx.print(
      `Checked ${formatCount(r.snapshots)} snapshots, ${formatCount(r.packs)} packs, ${formatCount(r.blobs)} blobs in ${formatDuration(r.durationMs)}` +
        (r.readDataPercent
          ? `; read ${formatBytes(r.bytesRead)} from ${formatCount(r.packsRead)} packs.`
          : '.'),
    );
    for (const p of r.problems) {
      const tag = p.severity === 'info' ? style.dim('note ') : style.red('error');
      const affected = p.snapshots.length
        ? style.dim(` (snapshots ${p.snapshots.join(', ')})`)
        : '';
      ctx.print(`${tag} ${p.kind}: ${p.detail}${affected}`);
      if (p.fix) ctx.print(`      ${style.dim('fix:')} ${p.fix}`);
    }
    ctx.print(r.ok ? style.green('No errors found.') : style.red('The store is damaged.'));
    return r.ok ? 0 : 1;
  },
};
