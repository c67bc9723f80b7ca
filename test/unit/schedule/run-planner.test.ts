import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../electron/engine/schedule/retry-backoff';
import type { PlanContext, PlanInput } from '../../../electron/engine/schedule/run-planner';
import { graceFor, planRun } from '../../../electron/engine/schedule/run-planner';
import { SlotCalendar } from '../../../electron/engine/schedule/slot-calendar';

const H = 3_600_000;
const T0 = Date.parse('2025-06-01T00:00:00Z');
const hourly = new SlotCalendar({ kind: 'interval', every: 1, unit: 'hours' }, null, T0);
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  enabled: true,
  pausedUntil: null,
  skipOnBattery: false,
  doneSlot: T0,
  failures: 0,
  retryAt: null,
  running: false,
  ...over,
});
const ctx = (now: number, over: Partial<PlanContext> = {}): PlanContext => ({
  now,
  awakeSince: T0,
  onBattery: false,
  cacheLost: false,
  ...over,
});

describe('planRun', () => {
  it('waits for the next slot, then is due for it', () => {
    expect(planRun(input(), hourly, ctx(T0 + 10 * 60_000))).toMatchObject({
      due: false,
      owedSlot: null,
      wakeAt: T0 + H,
      waiting: null,
    });
    expect(planRun(input(), hourly, ctx(T0 + H))).toMatchObject({ due: true, owedSlot: T0 + H });
  });

  it('owes one run for many missed slots: the latest', () => {
    const p = planRun(input(), hourly, ctx(T0 + 7.5 * H));
    expect(p).toMatchObject({ due: true, owedSlot: T0 + 7 * H });
  });

  it('a slot missed while asleep runs after a grace period counted from the wake-up', () => {
    const woke = T0 + 7.5 * H;
    const p = planRun(input(), hourly, ctx(woke, { awakeSince: woke }));
    expect(p).toMatchObject({ due: false, owedSlot: T0 + 7 * H, waiting: 'catching-up' });
    expect(p.wakeAt).toBe(woke + 120_000);
    expect(planRun(input(), hourly, ctx(woke + 120_000, { awakeSince: woke })).due).toBe(true);
    // Half the period at most: a schedule every 2 s catches up after 1 s.
    const fast = new SlotCalendar({ kind: 'interval', every: 2, unit: 'seconds' }, null, T0);
    expect(graceFor(fast, T0 + 2000)).toBe(1000);
  });

  it('a pause postpones: owed slots run when it ends, the next slot shows the pause end', () => {
    const until = T0 + 3.5 * H;
    expect(planRun(input({ pausedUntil: until }), hourly, ctx(T0 + 10))).toMatchObject({
      due: false,
      wakeAt: until,
      nextAttemptAt: until,
      waiting: 'paused',
    });
    expect(planRun(input({ pausedUntil: until }), hourly, ctx(T0 + 2.5 * H))).toMatchObject({
      due: false,
      owedSlot: T0 + 2 * H,
      waiting: 'paused',
    });
    expect(planRun(input({ pausedUntil: until }), hourly, ctx(until))).toMatchObject({
      due: true,
      owedSlot: T0 + 3 * H,
    });
  });

  it('retries a failed run with backoff: 30 s, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 10, 50].map(retryDelay)).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000,
    ]);
    const failing = input({ failures: 2, retryAt: T0 + H + 60_000 });
    expect(planRun(failing, hourly, ctx(T0 + H + 1000))).toMatchObject({
      due: false,
      waiting: 'retry',
      wakeAt: T0 + H + 60_000,
    });
    // A failing run is never stopped: once the retry time comes, it is due (no grace).
    expect(
      planRun(failing, hourly, ctx(T0 + H + 60_000, { awakeSince: T0 + H + 30_000 })).due,
    ).toBe(true);
  });

  it('holds on battery (when asked), while the cache is lost, while running, when disabled', () => {
    const owedAt = ctx(T0 + H + 5, { onBattery: true });
    expect(planRun(input({ skipOnBattery: true }), hourly, owedAt).waiting).toBe('on-battery');
    expect(planRun(input(), hourly, owedAt).due).toBe(true);
    expect(planRun(input(), hourly, ctx(T0 + H, { cacheLost: true }))).toMatchObject({
      due: false,
      waiting: 'cache-lost',
      nextAttemptAt: null,
    });
    expect(planRun(input({ running: true }), hourly, ctx(T0 + H)).waiting).toBe('running');
    expect(planRun(input({ enabled: false }), hourly, ctx(T0 + H))).toMatchObject({
      due: false,
      owedSlot: null,
      nextAttemptAt: null,
      waiting: 'disabled',
    });
  });
});
