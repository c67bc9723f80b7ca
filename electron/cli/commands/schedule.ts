import type { CommandInput } from '../../../shared/contract';
import type { ScheduleSpec, ScheduleView } from '../../../shared/dto/schedule';
import { formatDateTime, parseDuration } from '../../../shared/format';
import { createI18n } from '../../../shared/i18n';
import {
  describeRetention,
  describeSpec,
  describeWait,
  scheduleLabel,
} from '../../../shared/i18n/describe-schedule';
import { UsageError } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { table } from '../style';
import { retentionOptions, retentionPolicy } from './forget';

const en = createI18n('en');
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** --every 30m | --daily 02:30 | --weekly mon,fri --at 21:00 | --cron EXPR. */
function specFrom(ctx: CliContext): ScheduleSpec {
  const given = ['every', 'daily', 'weekly', 'cron'].filter((k) => ctx.string(k) !== undefined);
  if (given.length !== 1)
    throw new UsageError('give exactly one of --every, --daily, --weekly or --cron');
  const every = ctx.string('every');
  if (every !== undefined) {
    const m = /^(\d+)\s*(s|m|h|d)$/i.exec(every.trim());
    if (!m || Number(m[1]) < 1)
      throw new UsageError(`--every: cannot read "${every}" (e.g. 30m, 2h, 1d)`);
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    if (unit === 'd') return { kind: 'interval', every: n * 24, unit: 'hours' };
    return {
      kind: 'interval',
      every: n,
      unit: ({ s: 'seconds', m: 'minutes', h: 'hours' } as const)[unit as 's'],
    };
  }
  const daily = ctx.string('daily');
  if (daily !== undefined) return { kind: 'daily', at: daily };
  const weekly = ctx.string('weekly');
  if (weekly !== undefined) {
    const days = weekly.split(',').map((d) => DAYS.indexOf(d.trim().toLowerCase().slice(0, 3)));
    if (days.some((d) => d < 0))
      throw new UsageError(`--weekly: cannot read "${weekly}" (e.g. mon,wed,fri)`);
    const at = ctx.string('at');
    if (at === undefined) throw new UsageError('--weekly needs --at HH:MM');
    return { kind: 'weekly', days, at };
  }
  return { kind: 'cron', expr: ctx.string('cron')! };
}

function addRequest(ctx: CliContext): CommandInput<'schedule.add'> {
  if (ctx.string('at') !== undefined && ctx.string('weekly') === undefined)
    throw new UsageError('--at goes with --weekly (use --daily HH:MM for a daily time)');
  return {
    name: ctx.string('name') ?? '',
    spec: specFrom(ctx),
    timezone: ctx.string('tz') ?? null,
    gocache: ctx.flag('gocache'),
    retention: retentionPolicy(ctx),
    prune: ctx.options.prune !== false,
    skipOnBattery: ctx.flag('skip-on-battery'),
    enabled: !ctx.flag('disabled'),
    pushTo: ctx.string('push-to') ?? null,
  };
}

const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));

function printSchedules(ctx: CliContext, views: ScheduleView[]): void {
  if (views.length === 0) {
    ctx.print('No schedules. Add one with `modvault schedule add --daily 02:30` (see --help).');
    return;
  }
  const { style } = ctx;
  const now = Date.now();
  const rows = [['ID', 'SCHEDULE', 'NEXT RUN', 'LAST SUCCESS', 'STATE'].map((h) => style.bold(h))];
  for (const v of views) {
    const wait = describeWait(en, v, now);
    const failing = v.state.failures > 0;
    rows.push([
      style.cyan(v.id),
      `${scheduleLabel(en.t, v)}${v.name ? style.dim(` (${describeSpec(en.t, v.spec)})`) : ''}`,
      v.nextAttemptAt === null
        ? '—'
        : `${when(v.nextAttemptAt)} (${en.fmt.relative(v.nextAttemptAt, now)})`,
      v.state.lastSuccessAt === null ? style.dim('never') : when(v.state.lastSuccessAt),
      wait ? (failing ? style.red(wait) : style.yellow(wait)) : style.green('active'),
    ]);
  }
  ctx.print(table(rows));
  for (const v of views) {
    const parts = [
      v.gocache ? 'module + build cache' : 'module cache',
      describeRetention(en.t, v.retention),
      `zone ${v.zone}`,
      ...(v.skipOnBattery ? ['waits for AC power'] : []),
    ];
    ctx.print(`${style.cyan(v.id)}  ${style.dim(parts.join(' · '))}`);
    if (v.nextRuns.length)
      ctx.print(`          next: ${v.nextRuns.map((t) => formatDateTime(t)).join(', ')}`);
    if (v.state.lastError)
      ctx.print(
        `          ${style.red('last error')} (${when(v.state.lastAttemptAt)}): ${v.state.lastError.message}`,
      );
  }
}

async function add(ctx: CliContext): Promise<ExitCode> {
  const req = addRequest(ctx);
  if (ctx.flag('dry-run')) {
    const preview = await ctx.engine.client.query('schedule.preview', {
      spec: req.spec,
      timezone: req.timezone,
    });
    if (ctx.json) ctx.printJson(preview);
    else {
      ctx.print(`${describeSpec(en.t, req.spec)} (${preview.zone}) would run at:`);
      for (const t of preview.runs) ctx.print(`  ${formatDateTime(t)}`);
    }
    return 0;
  }
  const view = await ctx.engine.client.query('schedule.add', req);
  if (ctx.json) ctx.printJson(view);
  else {
    ctx.print(`Added schedule ${ctx.style.cyan(view.id)}: ${scheduleLabel(en.t, view)}.`);
    printSchedules(ctx, [view]);
    ctx.print(
      ctx.style.dim(
        'Schedules run while the desktop app, `modvault ui` or `modvault daemon` is running.',
      ),
    );
  }
  return 0;
}

function pauseUntil(ctx: CliContext): number {
  const until = ctx.string('until');
  const forText = ctx.string('for');
  if (until !== undefined && forText !== undefined)
    throw new UsageError('give --for or --until, not both');
  if (until !== undefined) {
    const t = Date.parse(until);
    if (Number.isNaN(t))
      throw new UsageError(`--until: cannot read "${until}" (e.g. 2025-06-01T08:00)`);
    return t;
  }
  const ms = parseDuration(forText ?? '1h');
  if (ms === null) throw new UsageError(`--for: cannot read "${forText}" (e.g. 2h, 1d)`);
  return Date.now() + ms;
}

async function list(ctx: CliContext, views: Promise<ScheduleView[]>): Promise<ExitCode> {
  const v = await views;
  if (ctx.json) ctx.printJson(v);
  else printSchedules(ctx, v);
  return 0;
}

export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: 'List, add, remove, pause, resume or run scheduled backups',
  usage:
    'modvault schedule list | add (--every D | --daily HH:MM | --weekly DAYS --at HH:MM | --cron EXPR) [options] | remove ID | pause [ID] [--for D | --until TIME] | resume [ID] | run ID',
  options: [
    {
      name: 'every',
      type: 'string',
      valueName: 'D',
      description: 'add: every D (30s, 15m, 2h, 1d)',
    },
    {
      name: 'daily',
      type: 'string',
      valueName: 'HH:MM',
      description: 'add: every day at this time',
    },
    {
      name: 'weekly',
      type: 'string',
      valueName: 'DAYS',
      description: 'add: on these days (mon,wed,fri) at --at',
    },
    { name: 'at', type: 'string', valueName: 'HH:MM', description: 'add: the time of --weekly' },
    {
      name: 'cron',
      type: 'string',
      valueName: 'EXPR',
      description: 'add: a cron expression ("0 */6 * * *"; six fields for seconds)',
    },
    {
      name: 'tz',
      type: 'string',
      valueName: 'ZONE',
      description: "add: time zone of --daily/--weekly/--cron (default: the machine's)",
    },
    {
      name: 'name',
      type: 'string',
      valueName: 'NAME',
      description: 'add: a name for the schedule',
    },
    { name: 'gocache', type: 'boolean', description: 'add: also back up the build cache' },
    ...retentionOptions.map((o) => ({ ...o, description: `add: ${o.description.toLowerCase()}` })),
    {
      name: 'prune',
      type: 'boolean',
      description: 'add: free the space of forgotten snapshots at once (default; --no-prune)',
    },
    { name: 'skip-on-battery', type: 'boolean', description: 'add: on battery, wait for AC power' },
    {
      name: 'push-to',
      type: 'string',
      valueName: 'REMOTE',
      description: 'add: push each new snapshot to this remote (modvault remote list)',
    },
    { name: 'disabled', type: 'boolean', description: 'add: create it disabled' },
    { name: 'dry-run', type: 'boolean', description: 'add: only show the next 5 run times' },
    { name: 'for', type: 'string', valueName: 'D', description: 'pause: for D (default 1h)' },
    {
      name: 'until',
      type: 'string',
      valueName: 'TIME',
      description: 'pause: until TIME (ISO 8601)',
    },
  ],
  details: [
    'Schedules live in the backup store; they run while the desktop app, `modvault ui` or',
    '`modvault daemon` is running. Runs missed while the computer slept or was off happen once',
    'when it is back (after a short grace period); a failed run is retried with backoff (30 s,',
    'doubling up to an hour) until it succeeds. Retention (--keep-*) is applied after each run.',
    'A pause postpones runs: a time that falls in the pause runs once when it ends.',
    '',
    'Examples:',
    '  modvault schedule add --daily 02:30 --keep-daily 7 --keep-weekly 4',
    '  modvault schedule add --weekly mon,thu --at 12:30 --tz Europe/Berlin --gocache',
    '  modvault schedule add --cron "0 */6 * * *" --keep-last 20 --dry-run',
    '  modvault schedule add --every 30m --skip-on-battery',
    '  modvault schedule pause --for 3h',
    '  modvault schedule list --json',
  ].join('\n'),
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    const client = ctx.engine.client;
    const id = () => {
      if (rest.length !== 1) throw new UsageError(`${sub} takes one schedule id`);
      return rest[0]!;
    };
    const optionalId = () => {
      if (rest.length > 1) throw new UsageError(`${sub} takes at most one schedule id`);
      return rest[0];
    };
    switch (sub) {
      case 'list':
      case undefined:
        return list(ctx, client.query('schedule.list', {}));
      case 'add':
        return add(ctx);
      case 'remove': {
        const r = await client.query('schedule.remove', { id: id() });
        if (ctx.json) ctx.printJson(r);
        else ctx.print(`Removed schedule ${r.removed}. Its snapshots stay in the store.`);
        return 0;
      }
      case 'pause': {
        const until = pauseUntil(ctx);
        return list(ctx, client.query('schedule.pause', { until, id: optionalId() }));
      }
      case 'resume':
        return list(ctx, client.query('schedule.resume', { id: optionalId() }));
      case 'run': {
        const r = await ctx.runJob('schedule.run', { id: id() }, 'Scheduled backup');
        if (ctx.json) ctx.printJson(r);
        else {
          ctx.print(`Snapshot ${ctx.style.cyan(r.snapshot.id)}: ${r.snapshot.versions} versions.`);
          if (r.retention) ctx.print(`Retention removed ${r.retention.remove.length} snapshot(s).`);
          if (r.retentionHeld) ctx.note(ctx.style.yellow(r.retentionHeld));
          if (r.push?.pushed.length) ctx.print(`Pushed to ${r.push.remote}.`);
        }
        return 0;
      }
      default:
        throw new UsageError('say list, add, remove ID, pause [ID], resume [ID] or run ID');
    }
  },
};
