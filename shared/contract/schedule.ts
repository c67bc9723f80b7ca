import { z } from 'zod';
import type { ScheduledRunResult, SchedulePreview, ScheduleView } from '../dto/schedule';
import { INTERVAL_UNITS } from '../dto/schedule';
import type { WatchStatus } from '../dto/watch';
import { job, query } from './define';
import { empty } from './schemas';
import { retentionPolicy } from './store';
import { remoteName } from './remote';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour clock)');

export const scheduleSpec = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('interval'),
      every: z.number().int().min(1).max(1_000_000),
      unit: z.enum(INTERVAL_UNITS),
    })
    .strict(),
  z.object({ kind: z.literal('daily'), at: clockTime }).strict(),
  z
    .object({
      kind: z.literal('weekly'),
      days: z.array(z.number().int().min(0).max(6)).min(1, 'choose at least one day').max(7),
      at: clockTime,
    })
    .strict(),
  z.object({ kind: z.literal('cron'), expr: z.string().trim().min(1).max(200) }).strict(),
]);

/** An IANA zone name ("Europe/Berlin"); the engine checks that it exists. */
const timezone = z
  .string()
  .regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'not a time zone name')
  .nullable();

const scheduleId = z.string().regex(/^[0-9a-f]{4,16}$/, 'not a schedule id');

const config = {
  name: z.string().trim().max(80).default(''),
  spec: scheduleSpec,
  timezone: timezone.default(null),
  gocache: z.boolean().default(false),
  retention: retentionPolicy.default({}),
  prune: z.boolean().default(true),
  skipOnBattery: z.boolean().default(false),
  enabled: z.boolean().default(true),
  pushTo: remoteName.nullable().optional(),
};

/** Scheduled backups and the cache watcher. */
export const scheduleCommands = {
  'schedule.list': query<ScheduleView[]>()(empty),
  /** The next runs of a timing that is not saved yet (the editor's live preview). */
  'schedule.preview': query<SchedulePreview>()(
    z
      .object({
        spec: scheduleSpec,
        timezone: timezone.default(null),
        count: z.number().int().min(1).max(50).default(5),
      })
      .strict(),
  ),
  'schedule.add': query<ScheduleView>()(z.object(config).strict()),
  'schedule.update': query<ScheduleView>()(
    z
      .object({
        id: scheduleId,
        name: config.name.optional(),
        spec: config.spec.optional(),
        timezone: timezone.optional(),
        gocache: z.boolean().optional(),
        retention: retentionPolicy.optional(),
        prune: z.boolean().optional(),
        skipOnBattery: z.boolean().optional(),
        enabled: z.boolean().optional(),
        pushTo: remoteName.nullable().optional(),
      })
      .strict(),
  ),
  'schedule.remove': query<{ removed: string }>()(z.object({ id: scheduleId }).strict()),
  /** Postpones runs until `until` (epoch ms): one schedule, or all of them without `id`. */
  'schedule.pause': query<ScheduleView[]>()(
    z.object({ until: z.number().int().positive(), id: scheduleId.optional() }).strict(),
  ),
  'schedule.resume': query<ScheduleView[]>()(z.object({ id: scheduleId.optional() }).strict()),
  /** Runs a schedule's backup now (snapshot, then its retention), as the scheduler would. */
  'schedule.run': job<ScheduledRunResult>()(z.object({ id: scheduleId }).strict()),
  'watch.status': query<WatchStatus>()(empty),
};
