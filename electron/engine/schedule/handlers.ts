import type { ScheduleView } from '../../../shared/dto/schedule';
import { EngineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { HandlerGroup } from '../rpc/router';
import type { CacheWatcher } from './cache-watcher';
import type { ScheduleRepo } from './schedule-repo';
import type { Scheduler } from './scheduler';
import { SlotCalendar, zoneOf } from './slot-calendar';

export interface ScheduleHandlerDeps {
  repo: ScheduleRepo;
  scheduler: Scheduler;
  watcher: CacheWatcher;
  clock: Clock;
}

type ScheduleCommand =
  | 'schedule.list'
  | 'schedule.preview'
  | 'schedule.add'
  | 'schedule.update'
  | 'schedule.remove'
  | 'schedule.pause'
  | 'schedule.resume'
  | 'schedule.run'
  | 'watch.status';

/** A pause longer than this is a mistake (or a disable): refused. */
const MAX_PAUSE_MS = 366 * 86_400_000;

export function scheduleHandlers(d: ScheduleHandlerDeps): HandlerGroup<ScheduleCommand> {
  const now = () => d.clock.now();
  /** Every edit is looked at by the scheduler at once, and answered with the result. */
  const edited = async (id?: string): Promise<ScheduleView[]> => {
    d.scheduler.poke();
    const views = await d.scheduler.list();
    return id === undefined ? views : views.filter((v) => v.id === id);
  };
  const one = async (id: string) => (await edited(id))[0]!;
  return {
    'schedule.list': () => d.scheduler.list(),
    'schedule.preview': (req) => {
      const calendar = new SlotCalendar(req.spec, req.timezone, now());
      return { runs: calendar.upcoming(now(), req.count), zone: zoneOf(req.timezone) };
    },
    'schedule.add': async (req) => {
      new SlotCalendar(req.spec, req.timezone, now()); // refuses a bad cron expression or zone
      return one((await d.repo.add(req, now())).id);
    },
    'schedule.update': async ({ id, ...change }) => {
      const current = await d.repo.get(id);
      new SlotCalendar(change.spec ?? current.spec, change.timezone ?? current.timezone, now());
      return one((await d.repo.update(current.id, change, now())).id);
    },
    'schedule.remove': async ({ id }) => {
      const removed = await d.repo.remove(id);
      await edited();
      return { removed };
    },
    'schedule.pause': async ({ until, id }) => {
      if (until <= now() || until - now() > MAX_PAUSE_MS)
        throw new EngineError('INVALID_INPUT', 'A pause must end in the future, within a year.', {
          fix: 'Give a time later than now, or disable the schedule instead.',
        });
      await d.repo.setPause(id, until, now());
      return edited(id === undefined ? undefined : (await d.repo.get(id)).id);
    },
    'schedule.resume': async ({ id }) => {
      await d.repo.setPause(id, null, now());
      return edited(id === undefined ? undefined : (await d.repo.get(id)).id);
    },
    'schedule.run': async ({ id }) => ({ jobId: await d.scheduler.runNow(id) }),
    'watch.status': () => d.watcher.status(),
  };
}
