import type { ScheduleWait } from '../../../shared/dto/schedule';
import type { SlotCalendar } from './slot-calendar';

/** A run missed while the machine slept or was off waits this long at most once it is back… */
const MAX_GRACE_MS = 120_000;

/** What the planner needs to know about a schedule. */
export interface PlanInput {
  enabled: boolean;
  pausedUntil: number | null;
  skipOnBattery: boolean;
  doneSlot: number;
  failures: number;
  retryAt: number | null;
  running: boolean;
}

/** What the planner knows about the world. */
export interface PlanContext {
  now: number;
  /** Since when the scheduler has been watching the clock without a gap (start, resume). */
  awakeSince: number;
  onBattery: boolean;
  /** The module cache is lost: a snapshot now would back up the damage. */
  cacheLost: boolean;
}

export interface RunPlan {
  /** Run now. */
  due: boolean;
  /** The latest slot that passed without a successful run. */
  owedSlot: number | null;
  /** When to look at this schedule again; null: only when something changes (power, cache). */
  wakeAt: number | null;
  /** When the next attempt is expected, for the user; null while held or disabled. */
  nextAttemptAt: number | null;
  waiting: ScheduleWait | null;
}

/**
 * …but never longer than half the schedule's period: a schedule every two seconds does not
 * wait two minutes.
 */
export function graceFor(calendar: SlotCalendar, slot: number): number {
  return Math.min(MAX_GRACE_MS, Math.floor(calendar.gapAfter(slot) / 2));
}

const wait = (owedSlot: number | null, waiting: ScheduleWait, wakeAt: number | null): RunPlan => ({
  due: false,
  owedSlot,
  wakeAt,
  nextAttemptAt: wakeAt,
  waiting,
});

/**
 * Decides whether a schedule runs now. Slots that passed unattended are owed as one run (the
 * latest), never one per slot; a pause postpones them to its end; a failure is retried with
 * backoff until a run succeeds; a slot missed while asleep or off runs after a short grace.
 */
export function planRun(s: PlanInput, calendar: SlotCalendar, ctx: PlanContext): RunPlan {
  if (!s.enabled) return wait(null, 'disabled', null);
  const owed = calendar.latest(s.doneSlot, ctx.now);
  const paused = s.pausedUntil !== null && s.pausedUntil > ctx.now;
  if (owed === null) {
    const next = calendar.next(Math.max(s.doneSlot, ctx.now));
    const at = next !== null && paused && next < s.pausedUntil! ? s.pausedUntil : next;
    return {
      due: false,
      owedSlot: null,
      wakeAt: at,
      nextAttemptAt: at,
      waiting: paused ? 'paused' : null,
    };
  }
  if (s.running) return wait(owed, 'running', null);
  if (paused) return wait(owed, 'paused', s.pausedUntil);
  if (s.retryAt !== null && s.retryAt > ctx.now) return wait(owed, 'retry', s.retryAt);
  if (s.skipOnBattery && ctx.onBattery) return wait(owed, 'on-battery', null);
  if (ctx.cacheLost) return wait(owed, 'cache-lost', null);
  if (owed < ctx.awakeSince && s.failures === 0) {
    const at = ctx.awakeSince + graceFor(calendar, owed);
    if (at > ctx.now) return wait(owed, 'catching-up', at);
  }
  return { due: true, owedSlot: owed, wakeAt: null, nextAttemptAt: ctx.now, waiting: null };
}
