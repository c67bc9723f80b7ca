import type { ScheduledRunResult, ScheduleView } from '../../../shared/dto/schedule';
import { EngineError, toAppError } from '../errors';
import type { JobRunner } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PowerState } from '../platform/power-events';
import type { EventBus } from '../rpc/event-bus';
import { retryDelay } from './retry-backoff';
import type { RunPlan } from './run-planner';
import { planRun } from './run-planner';
import type { ScheduleRecord, ScheduleRepo } from './schedule-repo';
import { scheduleView } from './schedule-view';
import type { ScheduledRun } from './scheduled-backup';
import { SlotCalendar } from './slot-calendar';

export interface SchedulerDeps {
  repo: ScheduleRepo;
  run: ScheduledRun;
  jobs: JobRunner;
  /** The store writers' job lock: a scheduled run never overlaps a manual snapshot. */
  lockKey: () => string;
  events: EventBus;
  power: PowerState;
  clock: Clock;
  logger: Logger;
  /** The module cache is lost right now (the watcher): runs wait instead of backing up damage. */
  cacheLost: () => boolean;
}

/** The clock is looked at least this often, whatever the schedules say… */
const TICK_MS = 15_000;
/** …and a timer firing this much late means the machine slept (or the clock was set). */
const GAP_MS = 15_000;

const NOT_RUNNABLE: RunPlan = {
  due: false,
  owedSlot: null,
  wakeAt: null,
  nextAttemptAt: null,
  waiting: 'disabled',
};

export function calendarOf(r: ScheduleRecord): SlotCalendar {
  return new SlotCalendar(r.spec, r.timezone, r.anchor);
}

/**
 * Runs the schedules: wakes at the next slot or every 15 s at most, notices sleep (a timer
 * firing late, or a resume event), and starts each owed run as a `schedule.run` job through the
 * shared job runner, under the store's writer lock. Every outcome is written to the store:
 * the schedule's state survives restarts and is the same in every process.
 */
export class Scheduler {
  private started = false;
  private stopping = false;
  private timer: unknown = null;
  private expectedAt: number | null = null;
  private lastTickAt: number | null = null;
  private awakeSince = 0;
  private ticking = false;
  private tickAgain = false;
  private readonly ownRuns = new Map<string, string>();
  private readonly settling = new Set<Promise<void>>();
  private views: ScheduleView[] = [];
  private published = '';
  private offPower: (() => void) | null = null;

  constructor(private readonly d: SchedulerDeps) {}

  get running(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    // Whatever passed before now passed while nothing watched: it gets the grace period.
    this.awakeSince = this.d.clock.now();
    this.offPower = this.d.power.on((event) => {
      if (event === 'resume') this.wokeUp('resume');
      if (event === 'resume' || event === 'on-ac' || event === 'on-battery') this.poke();
    });
    this.d.logger.info('scheduler started');
    this.poke();
  }

  /** Stops looking at the clock; runs under way are settled by drain(). */
  stop(): void {
    this.stopping = true;
    this.started = false;
    this.offPower?.();
    if (this.timer !== null) this.d.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves when the outcome of every run this process started is recorded. */
  async drain(): Promise<void> {
    await Promise.all([...this.settling]);
  }

  /** Looks at the schedules again at once (after an edit, a power or cache change). */
  poke(): void {
    if (this.started) this.arm(this.d.clock.now(), false);
  }

  /** The schedules with their state and plans, as of now (clients are told when they changed). */
  async list(): Promise<ScheduleView[]> {
    const { views } = await this.evaluate(this.d.clock.now());
    this.publish(views);
    return views;
  }

  /** The earliest next attempt of any schedule (null: none planned). */
  nextAt(): number | null {
    const times = this.views.map((v) => v.nextAttemptAt).filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /** When backups resume if every enabled schedule is paused; else null. */
  pausedUntil(): number | null {
    const now = this.d.clock.now();
    const enabled = this.views.filter((v) => v.enabled);
    if (!enabled.length || !enabled.every((v) => (v.pausedUntil ?? 0) > now)) return null;
    return Math.min(...enabled.map((v) => v.pausedUntil!));
  }

  /** Runs a schedule now (its owed slot, if any, counts as done when it succeeds). */
  async runNow(ref: string): Promise<string> {
    const r = await this.d.repo.get(ref);
    const slot = calendarOf(r).latest(r.doneSlot, this.d.clock.now()) ?? r.doneSlot;
    const jobId = await this.launch(r, slot);
    if (jobId === null)
      throw new EngineError('BUSY', `Schedule ${r.id} is running already.`, {
        fix: 'Wait for the run under way to finish (see Activity, or modvault schedule list).',
      });
    return jobId;
  }

  private wokeUp(why: string): void {
    this.awakeSince = this.d.clock.now();
    this.d.logger.info('clock checked again after a gap', { why });
  }

  private arm(at: number, fromTimer: boolean): void {
    if (this.timer !== null) this.d.clock.clearTimeout(this.timer);
    const now = this.d.clock.now();
    const delay = Math.max(0, Math.min(at, now + TICK_MS) - now);
    this.expectedAt = now + delay;
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = null;
      void this.tick(fromTimer);
    }, delay);
  }

  private async tick(fromTimer: boolean): Promise<void> {
    if (!this.started) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    const now = this.d.clock.now();
    if (fromTimer && this.expectedAt !== null && now - this.expectedAt > GAP_MS)
      this.wokeUp('timer late');
    else if (this.lastTickAt !== null && now < this.lastTickAt - GAP_MS)
      this.wokeUp('clock set back');
    this.lastTickAt = now;
    let wake = now + TICK_MS;
    try {
      const { views, due } = await this.evaluate(now);
      for (const { record, slot } of due) void this.launch(record, slot).catch(this.logFailure);
      for (const v of views)
        if (v.nextAttemptAt !== null && v.nextAttemptAt > now)
          wake = Math.min(wake, v.nextAttemptAt);
      this.publish(views);
    } catch (e) {
      this.logFailure(e);
    } finally {
      this.ticking = false;
    }
    if (!this.started) return;
    if (this.tickAgain) {
      this.tickAgain = false;
      wake = now;
    }
    this.arm(wake, true);
  }

  private readonly logFailure = (e: unknown) =>
    this.d.logger.error('scheduler', { error: String((e as Error)?.stack ?? e) });

  private async evaluate(now: number) {
    const records = await this.d.repo.list();
    const ctx = {
      now,
      awakeSince: this.awakeSince,
      onBattery: this.d.power.snapshot().onBattery,
      cacheLost: this.d.cacheLost(),
    };
    const views: ScheduleView[] = [];
    const due: { record: ScheduleRecord; slot: number }[] = [];
    for (const r of records) {
      let calendar: SlotCalendar;
      try {
        calendar = calendarOf(r);
      } catch (e) {
        // Written by another version, or a zone this machine does not know: shown, never run.
        const lastError = toAppError(e);
        views.push(
          scheduleView({ ...r, state: { ...r.state, lastError } }, null, NOT_RUNNABLE, now),
        );
        continue;
      }
      const plan = planRun(
        {
          ...r,
          failures: r.state.failures,
          retryAt: r.state.retryAt,
          running: r.state.runningBy !== null || this.ownRuns.has(r.id),
        },
        calendar,
        ctx,
      );
      if (plan.due && plan.owedSlot !== null) due.push({ record: r, slot: plan.owedSlot });
      views.push(scheduleView(r, calendar, plan, now));
    }
    return { views, due };
  }

  private publish(views: ScheduleView[]): void {
    this.views = views;
    const key = JSON.stringify(views);
    if (key === this.published) return;
    this.published = key;
    this.d.events.emit('schedule.changed', { schedules: views });
  }

  /** Claims the schedule (no other process runs it) and starts its job; null when taken. */
  private async launch(r: ScheduleRecord, slot: number): Promise<string | null> {
    if (this.ownRuns.has(r.id)) return null;
    this.ownRuns.set(r.id, '');
    try {
      if (!(await this.d.repo.claim(r.id, this.d.clock.now()))) {
        this.ownRuns.delete(r.id);
        return null;
      }
    } catch (e) {
      this.ownRuns.delete(r.id);
      throw e;
    }
    const job = this.d.jobs.start({
      command: 'schedule.run',
      title: r.name ? `Scheduled backup: ${r.name}` : 'Scheduled backup',
      locks: [this.d.lockKey()],
      run: (ctx) => this.d.run.run(r, ctx),
    });
    this.ownRuns.set(r.id, job.id);
    this.d.logger.info('scheduled backup started', { schedule: r.id, job: job.id, slot });
    const settled = this.settle(r, slot, job.id).finally(() => this.settling.delete(settled));
    this.settling.add(settled);
    this.poke();
    return job.id;
  }

  private async settle(r: ScheduleRecord, slot: number, jobId: string): Promise<void> {
    const { info, result } = await this.d.jobs.wait(jobId);
    const now = this.d.clock.now();
    try {
      if (info.status === 'succeeded') {
        const { snapshot } = result as ScheduledRunResult;
        await this.d.repo.succeeded(r.id, slot, snapshot.id, now);
        this.d.logger.info('scheduled backup done', { schedule: r.id, snapshot: snapshot.id });
      } else if (info.status === 'canceled' && this.stopping) {
        // Shutting down: the run is owed still, and the next start catches up on it.
        await this.d.repo.released(r.id);
      } else {
        const error = info.error ?? { code: 'INTERNAL' as const, message: 'Failed.' };
        const retryAt = now + retryDelay(r.state.failures + 1);
        await this.d.repo.failed(r.id, error, retryAt);
        this.d.logger.warn('scheduled backup failed', {
          schedule: r.id,
          error: error.message,
          retryAt: new Date(retryAt).toISOString(),
        });
      }
    } catch (e) {
      this.logFailure(e);
    } finally {
      this.ownRuns.delete(r.id);
      this.poke();
    }
  }
}
