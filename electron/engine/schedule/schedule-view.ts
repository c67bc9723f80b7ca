import type { ScheduleView } from '../../../shared/dto/schedule';
import type { RunPlan } from './run-planner';
import type { ScheduleRecord } from './schedule-repo';
import type { SlotCalendar } from './slot-calendar';
import { zoneOf } from './slot-calendar';

export const UPCOMING = 5;

/** What clients see of a schedule: its settings, state, next five times and what it waits for. */
export function scheduleView(
  r: ScheduleRecord,
  calendar: SlotCalendar | null,
  plan: RunPlan,
  now: number,
): ScheduleView {
  return {
    id: r.id,
    name: r.name,
    spec: r.spec,
    timezone: r.timezone,
    gocache: r.gocache,
    retention: r.retention,
    prune: r.prune,
    skipOnBattery: r.skipOnBattery,
    pushTo: r.pushTo ?? null,
    enabled: r.enabled,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    pausedUntil: r.pausedUntil,
    state: r.state,
    zone: zoneOf(r.timezone),
    nextRuns: calendar ? calendar.upcoming(Math.max(now, r.doneSlot), UPCOMING) : [],
    nextAttemptAt: plan.nextAttemptAt,
    owedSlot: plan.owedSlot,
    waiting: plan.waiting,
  };
}
