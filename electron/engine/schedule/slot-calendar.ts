import { Cron } from 'croner';
import type { IntervalUnit, ScheduleSpec } from '../../../shared/dto/schedule';
import { EngineError } from '../errors';

const UNIT_MS: Record<IntervalUnit, number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
};

/** A cron expression that matches nothing in this long is refused ("0 0 30 2 *"). */
const NEVER_HORIZON_MS = 5 * 366 * 86_400_000;

/** The zone a schedule's times are computed in: its own, or the machine's. */
export function zoneOf(timezone: string | null): string {
  return timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function assertTimezone(timezone: string | null): void {
  if (timezone === null) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new EngineError('INVALID_INPUT', `Unknown time zone: ${timezone}.`, {
      fix: 'Use an IANA zone name such as Europe/Berlin or America/New_York, or none for the machine’s zone.',
    });
  }
}

/** The cron expression a daily or weekly schedule stands for. */
export function cronOf(spec: Exclude<ScheduleSpec, { kind: 'interval' }>): string {
  if (spec.kind === 'cron') return spec.expr;
  const [h, m] = spec.at.split(':').map(Number);
  const days = spec.kind === 'daily' ? '*' : [...new Set(spec.days)].sort().join(',');
  return `${m} ${h} * * ${days}`;
}

/**
 * The times (slots) a schedule fires at, as epoch ms. Intervals are anchor + k·period (k ≥ 1):
 * elapsed time, which DST never stretches. Wall-clock schedules go through croner in the
 * schedule's zone: a time skipped by DST runs at the first valid minute after the gap, a time
 * repeated when clocks go back runs once.
 */
export class SlotCalendar {
  private readonly cron: Cron | null;
  private readonly period: number;

  constructor(
    spec: ScheduleSpec,
    timezone: string | null,
    private readonly anchor: number,
  ) {
    assertTimezone(timezone);
    if (spec.kind === 'interval') {
      this.cron = null;
      this.period = spec.every * UNIT_MS[spec.unit];
      return;
    }
    this.period = 0;
    try {
      this.cron = new Cron(cronOf(spec), {
        timezone: timezone ?? undefined,
        mode: '5-or-6-parts',
        paused: true,
      });
    } catch (e) {
      throw new EngineError(
        'INVALID_INPUT',
        `Not a valid cron expression: ${cronOf(spec)} (${(e as Error).message.replace(/^CronPattern: /, '')}).`,
        {
          fix: 'Use five fields (minute hour day-of-month month day-of-week), e.g. "0 */6 * * *", or six with seconds first.',
        },
      );
    }
    const first = this.next(anchor);
    if (first === null || first - anchor > NEVER_HORIZON_MS)
      throw new EngineError('INVALID_INPUT', `The cron expression ${cronOf(spec)} never runs.`, {
        fix: 'Check the day of the month and the month (February has no 30th).',
      });
  }

  /** The first slot strictly after `t`. */
  next(t: number): number | null {
    if (!this.cron) {
      const k = Math.max(1, Math.floor((t - this.anchor) / this.period) + 1);
      return this.anchor + k * this.period;
    }
    return this.cron.nextRun(new Date(t))?.getTime() ?? null;
  }

  /** The first `n` slots after `t`. */
  upcoming(t: number, n: number): number[] {
    const out: number[] = [];
    for (let at = this.next(t); at !== null && out.length < n; at = this.next(at)) out.push(at);
    return out;
  }

  /** The latest slot in (after, t], or null: the run owed when slots passed unattended. */
  latest(after: number, t: number): number | null {
    if (t <= after) return null;
    let slot: number | null;
    if (!this.cron) {
      const k = Math.floor((t - this.anchor) / this.period);
      slot = k >= 1 ? this.anchor + k * this.period : null;
    } else {
      slot = this.cron.previousRuns(1, new Date(t + 1))[0]?.getTime() ?? null;
    }
    return slot !== null && slot > after ? slot : null;
  }

  /** Time from a slot to the one after it (a day for daily schedules, except across DST). */
  gapAfter(slot: number): number {
    const after = this.next(slot);
    return after === null ? Infinity : after - slot;
  }
}
