import type { QuarantineInfo } from '../../../shared/dto/clean';
import {
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  parseDuration,
} from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { table } from '../style';

const DAY_MS = 24 * 3600 * 1000;

function printList(ctx: CliContext, list: QuarantineInfo[]): void {
  if (list.length === 0) {
    ctx.print('No quarantines.');
    return;
  }
  const { style } = ctx;
  const rows = [
    [
      style.bold('ID'),
      style.bold('CREATED'),
      style.bold('FROM'),
      style.bold('ITEMS'),
      style.bold('SIZE'),
      style.bold('STATUS'),
      style.bold('PURGE AFTER'),
    ],
  ];
  for (const q of list)
    rows.push([
      q.id,
      formatDateTime(q.createdAt),
      q.origin,
      formatCount(q.items),
      formatBytes(q.bytes),
      q.status === 'complete' ? q.status : style.yellow(q.status),
      formatDate(q.expiresAt),
    ]);
  ctx.print(table(rows, [3, 4]));
}

async function undo(ctx: CliContext, id: string | undefined): Promise<ExitCode> {
  if (!id)
    throw new UsageError('give the id of the quarantine to undo (see `modvault quarantine list`)');
  const r = await ctx.runJob('quarantine.undo', { id }, 'Restoring');
  if (ctx.json) ctx.printJson(r);
  else {
    ctx.print(
      `Restored ${formatCount(r.restored)} item(s) (${formatBytes(r.bytesRestored)}) from ${r.id}.`,
    );
    for (const c of r.conflicts)
      ctx.note(ctx.style.yellow(`kept in quarantine: ${c.path}: ${c.reason}`));
    if (r.remaining)
      ctx.print(`${formatCount(r.remaining)} item(s) stay in quarantine until purge.`);
  }
  return r.conflicts.length ? 1 : 0;
}

async function purge(ctx: CliContext, ids: string[]): Promise<ExitCode> {
  const olderThan = ctx.string('older-than');
  let olderThanDays: number | undefined;
  if (olderThan !== undefined) {
    const ms = parseDuration(olderThan);
    if (ms === null) throw new UsageError(`--older-than: cannot read "${olderThan}" (e.g. 14d)`);
    olderThanDays = ms / DAY_MS;
  }
  if (ids.length && olderThanDays !== undefined)
    throw new UsageError('give ids or --older-than, not both');
  const r = await ctx.runJob(
    'quarantine.purge',
    { olderThanDays, ids: ids.length ? ids : undefined },
    'Purging',
  );
  if (ctx.json) ctx.printJson(r);
  else
    ctx.print(
      `Purged ${formatCount(r.purged.length)} quarantine(s), ${formatBytes(r.bytesFreed)} freed; ${formatCount(r.kept)} kept.`,
    );
  return 0;
}

export const quarantineCommand: CliCommand = {
  name: 'quarantine',
  summary: 'List, undo or purge what cleanup moved aside',
  usage: 'modvault quarantine list | undo ID | purge [ID...] [--older-than D]',
  options: [
    {
      name: 'older-than',
      type: 'string',
      valueName: 'D',
      description: 'purge: quarantines older than D (default: the quarantine-days setting)',
    },
  ],
  details: [
    'undo moves every item back by rename: bytes and permissions are exactly the originals.',
    'Something Go downloaded again meanwhile is never overwritten; it is reported and kept.',
    '',
    'Examples:',
    '  modvault quarantine list',
    '  modvault quarantine undo q-20250101-120000-a1b2c3',
    '  modvault quarantine purge --older-than 7d',
  ].join('\n'),
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    switch (sub) {
      case 'list': {
        const list = await ctx.engine.client.query('quarantine.list', {});
        if (ctx.json) ctx.printJson(list);
        else printList(ctx, list);
        return 0;
      }
      case 'undo':
        if (rest.length > 1) throw new UsageError('undo takes one id');
        return undo(ctx, rest[0]);
      case 'purge':
        return purge(ctx, rest);
      default:
        throw new UsageError('say list, undo ID or purge');
    }
  },
};
