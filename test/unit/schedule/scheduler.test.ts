import { describe, expect, it } from 'vitest';
import type { ScheduleConfig, ScheduleSpec } from '../../../shared/dto/schedule';
import { ScheduleRepo } from '../../../electron/engine/schedule/schedule-repo';
import { owner, schedulerHarness } from './scheduler-harness';

const MIN = 60_000;
const H = 60 * MIN;
const ctx = { origin: 'internal' as const };
const iso = (ms: number) => new Date(ms).toISOString();

const config = (spec: ScheduleSpec, over: Partial<ScheduleConfig> = {}): ScheduleConfig => ({
  name: '',
  spec,
  timezone: null,
  gocache: false,
  retention: {},
  prune: true,
  skipOnBattery: false,
  enabled: true,
  ...over,
});

type Harness = Awaited<ReturnType<typeof schedulerHarness>>;
const add = (h: Harness, spec: ScheduleSpec, over: Partial<ScheduleConfig> = {}) =>
  h.handlers['schedule.add'](config(spec, over), ctx);

describe('Scheduler', () => {
  it('runs each slot once, as a schedule.run job, and records the outcome in the store', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'minutes' });
    h.scheduler.start();
    await h.advance(3.5 * MIN);
    expect(h.runs.map((t) => t - s.createdAt)).toEqual([MIN, 2 * MIN, 3 * MIN]);
    const v = await h.view();
    expect(v.state).toMatchObject({
      lastSuccessAt: expect.any(Number),
      lastSnapshot: 'snap3',
      lastError: null,
      failures: 0,
      runningBy: null,
    });
    expect(v.nextRuns.map((t) => t - s.createdAt)).toEqual([4, 5, 6, 7, 8].map((m) => m * MIN));
    expect(v.nextAttemptAt).toBe(s.createdAt + 4 * MIN);
    const jobs = h.jobs.list().filter((j) => j.command === 'schedule.run');
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // The state is in the store: another process (a fresh repo) reads the same.
    const other = new ScheduleRepo(h.store, h.store.deps.lockOwner);
    expect((await other.get(s.id)).state.lastSnapshot).toBe('snap3');
    expect(h.scheduler.nextAt()).toBe(s.createdAt + 4 * MIN);
  });

  it('after a sleep, the slots it missed run once — after a grace period, not one run per slot', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 10, unit: 'minutes' });
    h.scheduler.start();
    await h.advance(15 * MIN);
    expect(h.runs).toHaveLength(1);
    // Three hours asleep: no timer fires meanwhile; the next one fires late.
    h.clock.sleep(3 * H);
    await h.advance(1000);
    expect(h.runs).toHaveLength(1);
    expect((await h.view()).waiting).toBe('catching-up');
    await h.advance(2 * MIN);
    expect(h.runs).toHaveLength(2);
    expect(h.runs[1]! - s.createdAt).toBeGreaterThan(3 * H + 15 * MIN);
    // Then on with the regular slots.
    const next = (await h.view()).nextRuns[0]!;
    expect((next - s.createdAt) % (10 * MIN)).toBe(0);
    await h.advance(next - h.clock.now() + 1000);
    expect(h.runs).toHaveLength(3);
  });

  it('a resume event re-checks the clock at once', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    await add(h, { kind: 'interval', every: 1, unit: 'hours' });
    h.scheduler.start();
    await h.advance(MIN);
    h.clock.sleep(5 * H);
    h.power.emit('resume');
    await h.advance(0);
    expect((await h.view()).waiting).toBe('catching-up');
    await h.advance(2 * MIN);
    expect(h.runs).toHaveLength(1);
  });

  it('a slot that passed while nothing ran (the computer was off) runs once after start', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    await add(h, { kind: 'daily', at: '02:30' }, { timezone: 'Europe/Berlin' });
    h.clock.sleep(3 * 24 * H);
    h.scheduler.start();
    await h.advance(MIN);
    expect(h.runs).toHaveLength(0);
    await h.advance(2 * MIN);
    expect(h.runs).toHaveLength(1);
    await h.advance(10 * MIN);
    expect(h.runs).toHaveLength(1);
  });

  it('DST: the night clocks go forward, 02:30 Berlin runs at 03:00; the night they go back, once', async () => {
    const spring = await schedulerHarness(Date.parse('2025-03-30T00:45:00Z'));
    await add(spring, { kind: 'daily', at: '02:30' }, { timezone: 'Europe/Berlin' });
    spring.scheduler.start();
    await spring.advance(40 * MIN);
    expect(spring.runs.map(iso)).toEqual(['2025-03-30T01:00:00.000Z']);

    const autumn = await schedulerHarness(Date.parse('2025-10-26T00:15:00Z'));
    await add(autumn, { kind: 'daily', at: '02:30' }, { timezone: 'Europe/Berlin' });
    autumn.scheduler.start();
    await autumn.advance(2 * H);
    expect(autumn.runs.map(iso)).toEqual(['2025-10-26T00:30:00.000Z']);
    expect(iso((await autumn.view()).nextRuns[0]!)).toBe('2025-10-27T01:30:00.000Z');
  });

  it('retries a failed run with backoff, shows the error, and goes on after a success', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'hours' });
    h.script.failures = 2;
    h.scheduler.start();
    await h.advance(H + 1000);
    let v = await h.view();
    expect(v.state.lastError).toMatchObject({ code: 'NO_SPACE', message: 'The disk is full.' });
    expect(v.state.failures).toBe(1);
    expect(v.waiting).toBe('retry');
    expect(v.nextAttemptAt).toBe(s.createdAt + H + 30_000);
    await h.advance(30_000);
    v = await h.view();
    expect(v.state.failures).toBe(2);
    expect(v.nextAttemptAt).toBe(h.runs[1]! + 60_000);
    await h.advance(60_000);
    v = await h.view();
    expect(h.runs.map((t) => t - s.createdAt)).toEqual([H, H + 30_000, H + 90_000]);
    expect(v.state).toMatchObject({ lastError: null, failures: 0, lastSnapshot: 'snap3' });
    expect(v.waiting).toBeNull();
    await h.advance(H);
    expect(h.runs).toHaveLength(4);
    expect(h.runs[3]! - s.createdAt).toBe(2 * H);
  });

  it('pause until: nothing runs during the pause, the missed slot once when it ends', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'minutes' });
    h.scheduler.start();
    const until = h.clock.now() + 5 * MIN + 30_000;
    const paused = await h.handlers['schedule.pause']({ until }, ctx);
    expect(paused[0]).toMatchObject({
      pausedUntil: until,
      waiting: 'paused',
      nextAttemptAt: until,
    });
    expect(h.scheduler.pausedUntil()).toBe(until);
    await h.advance(5 * MIN);
    expect(h.runs).toHaveLength(0);
    await h.advance(45_000);
    expect(h.runs).toEqual([until]);
    expect(h.scheduler.pausedUntil()).toBeNull();
    // A pause in the past is refused; resume clears a pause at once.
    await expect(h.handlers['schedule.pause']({ until: 1 }, ctx)).rejects.toThrow(/future/);
    await h.handlers['schedule.pause']({ until: h.clock.now() + H, id: s.id }, ctx);
    await h.advance(3 * MIN);
    expect(h.runs).toHaveLength(1);
    await h.handlers['schedule.resume']({ id: s.id }, ctx);
    await h.advance(1000);
    expect(h.runs).toHaveLength(2);
  });

  it('waits for AC power when asked to, and while the module cache is lost', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    await add(h, { kind: 'interval', every: 1, unit: 'minutes' }, { skipOnBattery: true });
    h.power.emit('on-battery');
    h.scheduler.start();
    await h.advance(3 * MIN);
    expect(h.runs).toHaveLength(0);
    expect((await h.view()).waiting).toBe('on-battery');
    h.power.emit('on-ac');
    await h.advance(0);
    expect(h.runs).toHaveLength(1);

    h.cache.lost = true;
    await h.advance(5 * MIN);
    expect(h.runs).toHaveLength(1);
    expect((await h.view()).waiting).toBe('cache-lost');
    h.cache.lost = false;
    h.scheduler.poke();
    await h.advance(0);
    expect(h.runs).toHaveLength(2);
  });

  it('never overlaps a manual store writer: the scheduled job waits for the store lock', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'minutes' });
    let release!: () => void;
    const manual = h.jobs.start({
      command: 'store.snapshot',
      title: 'Snapshot the module cache',
      locks: ['store:test'],
      run: () => new Promise<void>((r) => (release = r)),
    });
    h.scheduler.start();
    await h.advance(MIN + 1000);
    expect(h.runs).toHaveLength(0);
    const waiting = h.jobs.list().find((j) => j.command === 'schedule.run')!;
    expect(waiting).toMatchObject({ status: 'queued', progress: { phase: 'waiting' } });
    expect((await h.view()).waiting).toBe('running');
    release();
    await h.advance(0);
    expect(h.jobs.get(manual.id).status).toBe('succeeded');
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]! - s.createdAt).toBeGreaterThan(MIN);
    // Run now is refused while it runs, and allowed once it is done.
    await h.advance(MIN - 2000);
    expect((await h.handlers['schedule.run']({ id: s.id }, ctx)).jobId).toMatch(/^schedule-run-/);
    await expect(h.handlers['schedule.run']({ id: s.id }, ctx)).rejects.toThrow(/running already/);
    await h.advance(0);
    expect(h.script.maxConcurrent).toBe(1);
  });

  it('two processes never run the same slot; a claim whose process died is taken over', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'minutes' });
    // Another ModVault process (pid 2) claims the schedule first.
    h.alive.add(2);
    const other = new ScheduleRepo(h.store, owner(h.clock, 2, h.alive));
    h.scheduler.start();
    await h.advance(MIN - 1000);
    expect(await other.claim(s.id, h.clock.now())).toBe(true);
    await h.advance(2000);
    expect(h.runs).toHaveLength(0);
    expect((await h.view()).state.runningBy).toBe('2@test-host');
    // It dies without recording anything: the claim is stale, the slot is still owed.
    h.alive.delete(2);
    await h.advance(15_000);
    expect(h.runs).toHaveLength(1);
    expect((await h.view()).state.runningBy).toBeNull();
  });

  it('editing the timing starts counting anew; disabled schedules never run', async () => {
    const h = await schedulerHarness(Date.parse('2025-06-01T10:00:00Z'));
    const s = await add(h, { kind: 'interval', every: 1, unit: 'hours' });
    h.scheduler.start();
    await h.advance(30 * MIN);
    const edited = await h.handlers['schedule.update'](
      { id: s.id, spec: { kind: 'interval', every: 20, unit: 'minutes' } },
      ctx,
    );
    expect(edited.nextRuns[0]! - h.clock.now()).toBe(20 * MIN);
    await expect(
      h.handlers['schedule.update']({ id: s.id, spec: { kind: 'cron', expr: 'nope' } }, ctx),
    ).rejects.toThrow(/Not a valid cron expression/);
    await h.handlers['schedule.update']({ id: s.id, enabled: false }, ctx);
    await h.advance(H);
    expect(h.runs).toHaveLength(0);
    expect((await h.view()).waiting).toBe('disabled');
    // Enabled again: the hour it was off is not owed.
    await h.handlers['schedule.update']({ id: s.id, enabled: true }, ctx);
    await h.advance(MIN);
    expect(h.runs).toHaveLength(0);
    await h.advance(20 * MIN);
    expect(h.runs).toHaveLength(1);
    expect((await h.handlers['schedule.remove']({ id: s.id }, ctx)).removed).toBe(s.id);
    expect(await h.handlers['schedule.list']({}, ctx)).toEqual([]);
  });
});
