import { describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../../shared/contract';
import { EngineError } from '../../../electron/engine/errors';
import { EtaEstimator } from '../../../electron/engine/jobs/eta';
import type { JobContext, JobSpec } from '../../../electron/engine/jobs/job-runner';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { ResourceLocks } from '../../../electron/engine/jobs/resource-locks';
import type { Logger } from '../../../electron/engine/platform/logger';
import { EventBus } from '../../../electron/engine/rpc/event-bus';
import { ManualClock } from '../../helpers/manual-clock';

const tick = () => new Promise((r) => setImmediate(r));

function setup(historyLimit?: number) {
  const clock = new ManualClock();
  const events = new EventBus();
  const log: { msg: string; data?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (msg, data) => log.push({ msg, data }),
  };
  const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
  events.onAny((event, payload) => seen.push({ event, payload }));
  const jobs = new JobRunner({ events, clock, locks: new ResourceLocks(), logger, historyLimit });
  const of = <E extends EventName>(event: E, id?: string) =>
    seen
      .filter((s) => s.event === event)
      .map((s) => s.payload as EventMap[E])
      .filter((p) => id === undefined || jobIdOf(p) === id);
  return { clock, events, jobs, log, seen, of };
}

/** The job a job.* event is about (job.started/progress carry JobInfo, the others refer to it). */
function jobIdOf(p: object): string | undefined {
  if ('jobId' in p) return p.jobId as string;
  if ('job' in p) return (p.job as { id: string }).id;
  return 'id' in p ? (p.id as string) : undefined;
}

/** A job whose run() the test controls. */
function controlled<T>() {
  let ctx!: JobContext;
  let finish!: (v: T) => void;
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  const spec: JobSpec<T> = {
    command: 'test.job',
    title: 'Test',
    run: (c) => {
      ctx = c;
      ready();
      return new Promise<T>((res) => (finish = res));
    },
  };
  return { spec, started, ctx: () => ctx, finish: (v: T) => finish(v) };
}

describe('JobRunner: statuses and the terminal event', () => {
  it('goes queued → running → succeeded and ends with exactly one job.finished', async () => {
    const { jobs, of } = setup();
    const job = controlled<{ answer: number }>();
    const info = jobs.start(job.spec);
    expect(info.status).toBe('queued');
    expect(info.id).toMatch(/^test-job-[0-9a-f]{8}$/);
    expect(of('job.started', info.id)).toHaveLength(1);
    await job.started;
    expect(jobs.get(info.id).status).toBe('running');
    expect(jobs.get(info.id).startedAt).not.toBeNull();
    job.finish({ answer: 42 });
    const { info: end, result } = await jobs.wait(info.id);
    expect(end.status).toBe('succeeded');
    expect(result).toEqual({ answer: 42 });
    const finished = of('job.finished', info.id);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.result).toEqual({ answer: 42 });
    expect(finished[0]!.job.progress.etaMs).toBe(0);
    expect(jobs.cancel(info.id)).toBe(false);
    await tick();
    expect(of('job.finished', info.id)).toHaveLength(1);
  });

  it('fails with the error code of an EngineError', async () => {
    const { jobs, of } = setup();
    const id = jobs.start({
      command: 'test.job',
      title: 'Fails',
      run: async () => {
        throw new EngineError('PATH_INVALID', '/x does not exist.', { path: '/x', fix: 'Fix it.' });
      },
    }).id;
    const { info, result } = await jobs.wait(id);
    expect(info.status).toBe('failed');
    expect(info.error).toEqual({
      code: 'PATH_INVALID',
      message: '/x does not exist.',
      path: '/x',
      fix: 'Fix it.',
    });
    expect(result).toBeUndefined();
    expect(of('job.finished', id)).toHaveLength(1);
    expect(of('job.finished', id)[0]!.result).toBeNull();
  });

  it('reports an unexpected error as INTERNAL without its stack, and logs the stack', async () => {
    const { jobs, log } = setup();
    const id = jobs.start({
      command: 'test.job',
      title: 'Crashes',
      run: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    }).id;
    const { info } = await jobs.wait(id);
    expect(info.error?.code).toBe('INTERNAL');
    expect(info.error?.message).toBe('Unexpected error: cannot read properties of undefined');
    expect(JSON.stringify(info.error)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(String(log[0]?.data?.error)).toMatch(/TypeError[\s\S]*at /);
  });

  it('is canceled while running, through the signal the job watches', async () => {
    const { jobs, of } = setup();
    const id = jobs.start({
      command: 'test.job',
      title: 'Waits',
      run: (ctx) =>
        new Promise((_res, rej) =>
          ctx.signal.addEventListener('abort', () => rej(new Error('stopped'))),
        ),
    }).id;
    await tick();
    expect(jobs.cancel(id)).toBe(true);
    const { info } = await jobs.wait(id);
    expect(info.status).toBe('canceled');
    expect(info.error?.code).toBe('CANCELED');
    expect(of('job.finished', id)).toHaveLength(1);
    expect(of('job.finished', id)[0]!.job.status).toBe('canceled');
  });

  it('counts a job that finishes after being canceled as canceled, not succeeded', async () => {
    const { jobs } = setup();
    const job = controlled<string>();
    const id = jobs.start(job.spec).id;
    await job.started;
    jobs.cancel(id);
    job.finish('too late');
    const { info, result } = await jobs.wait(id);
    expect(info.status).toBe('canceled');
    expect(jobs.get(id).status).toBe('canceled');
    expect(result).toBe('too late');
  });

  it('throwIfCanceled throws only after cancel', async () => {
    const { jobs } = setup();
    const job = controlled<void>();
    const id = jobs.start(job.spec).id;
    await job.started;
    expect(() => job.ctx().throwIfCanceled()).not.toThrow();
    jobs.cancel(id);
    expect(() => job.ctx().throwIfCanceled()).toThrow(EngineError);
  });

  it('cancels a queued job that waits for a lock without ever running it', async () => {
    const { jobs, of } = setup();
    const first = controlled<void>();
    const firstId = jobs.start({ ...first.spec, locks: ['store:/s'] }).id;
    await first.started;
    let ran = false;
    const secondId = jobs.start({
      command: 'test.job',
      title: 'Second',
      locks: ['store:/s'],
      run: async () => {
        ran = true;
      },
    }).id;
    await tick();
    expect(jobs.get(secondId).status).toBe('queued');
    expect(jobs.get(secondId).progress.phase).toBe('waiting');
    jobs.cancel(secondId);
    const { info } = await jobs.wait(secondId);
    expect(info.status).toBe('canceled');
    expect(info.startedAt).toBeNull();
    expect(ran).toBe(false);
    first.finish();
    await jobs.wait(firstId);
    expect(of('job.finished')).toHaveLength(2);
  });

  it('runs jobs sharing a lock one after the other, unrelated jobs side by side', async () => {
    const { jobs } = setup();
    const a = controlled<void>();
    const b = controlled<void>();
    const c = controlled<void>();
    const ida = jobs.start({ ...a.spec, locks: ['gomodcache:/m'] }).id;
    const idb = jobs.start({ ...b.spec, locks: ['gomodcache:/m', 'store:/s'] }).id;
    const idc = jobs.start({ ...c.spec, locks: ['store:/other'] }).id;
    await a.started;
    await c.started;
    expect(jobs.get(idb).status).toBe('queued');
    a.finish();
    await b.started;
    expect(jobs.get(idb).status).toBe('running');
    b.finish();
    c.finish();
    await Promise.all([ida, idb, idc].map((id) => jobs.wait(id)));
    expect(jobs.active()).toEqual([]);
  });

  it('answers NOT_FOUND for unknown ids', () => {
    const { jobs } = setup();
    for (const call of [
      () => jobs.get('nope'),
      () => jobs.cancel('nope'),
      () => jobs.output('nope'),
    ])
      expect(call).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('lists newest first and forgets old finished jobs beyond the history limit', async () => {
    const { jobs } = setup(3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = jobs.start({ command: 'test.job', title: `job ${i}`, run: async () => i }).id;
      ids.push(id);
      await jobs.wait(id);
    }
    const listed = jobs.list().map((j) => j.title);
    expect(listed.length).toBeLessThanOrEqual(3);
    expect(listed[0]).toBe('job 4');
  });

  it('shutdown cancels every unfinished job and waits for them', async () => {
    const { jobs } = setup();
    const waiting = (ctx: JobContext) =>
      new Promise<void>((_res, rej) =>
        ctx.signal.addEventListener('abort', () => rej(new Error('x'))),
      );
    const ids = [1, 2, 3].map(
      (i) => jobs.start({ command: 'test.job', title: `${i}`, run: waiting }).id,
    );
    await tick();
    await jobs.shutdown();
    expect(ids.map((id) => jobs.get(id).status)).toEqual(['canceled', 'canceled', 'canceled']);
  });

  it('keeps the last 2000 output lines and publishes each one', async () => {
    const { jobs, of } = setup();
    const id = jobs.start({
      command: 'test.job',
      title: 'Chatty',
      run: async (ctx) => {
        for (let i = 0; i < 2100; i++) ctx.output(`line ${i}`, i % 2 ? 'stderr' : 'stdout');
      },
    }).id;
    await jobs.wait(id);
    const kept = jobs.output(id);
    expect(kept).toHaveLength(2000);
    expect(kept[0]!.line).toBe('line 100');
    expect(of('job.output', id)).toHaveLength(2100);
  });
});

describe('JobRunner: progress', () => {
  it('coalesces progress to at most 10 events per second and always delivers the latest', async () => {
    const { jobs, clock, of } = setup();
    const job = controlled<void>();
    const id = jobs.start(job.spec).id;
    await job.started;
    const before = of('job.progress', id).length;
    // 1000 updates over 2 simulated seconds.
    for (let i = 1; i <= 1000; i++) {
      job.ctx().progress({ phase: 'hashing', done: i, total: 1000 });
      clock.advance(2);
    }
    clock.advance(200);
    const events = of('job.progress', id).slice(before);
    expect(events.length).toBeLessThanOrEqual(21);
    expect(events.length).toBeGreaterThanOrEqual(19);
    const times = of('job.progress', id).map((e) => e.progress);
    expect(times.at(-1)!.done).toBe(1000);
    job.finish();
    await jobs.wait(id);
  });

  it('spaces progress events at least 100 ms apart', async () => {
    const { jobs, clock, events } = setup();
    const stamps: number[] = [];
    events.on('job.progress', () => stamps.push(clock.now()));
    const job = controlled<void>();
    const id = jobs.start(job.spec).id;
    await job.started;
    for (let i = 0; i < 300; i++) {
      job.ctx().progress({ done: i });
      clock.advance(7);
    }
    clock.advance(500);
    for (let i = 1; i < stamps.length; i++)
      expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(100);
    job.finish();
    await jobs.wait(id);
  });

  it('sends no progress after the job has finished', async () => {
    const { jobs, clock, of } = setup();
    const job = controlled<void>();
    const id = jobs.start(job.spec).id;
    await job.started;
    job.ctx().progress({ done: 1 });
    job.ctx().progress({ done: 2 }); // held back by the throttle
    job.finish();
    await jobs.wait(id);
    const count = of('job.progress', id).length;
    clock.advance(1000);
    expect(of('job.progress', id)).toHaveLength(count);
    expect(clock.pendingTimers).toBe(0);
  });

  it('estimates the time left from bytes when it has them, from counts otherwise', async () => {
    const { jobs, clock } = setup();
    const job = controlled<void>();
    const id = jobs.start(job.spec).id;
    await job.started;
    const p = () => jobs.get(id).progress;
    job.ctx().progress({ done: 0, total: 10, bytesDone: 0, bytesTotal: 1000 });
    expect(p().etaMs).toBeNull();
    clock.advance(1000);
    job.ctx().progress({ done: 9, bytesDone: 250 });
    // A quarter of the bytes in one second: three more seconds, whatever the count says.
    expect(p().etaMs).toBe(3000);
    job.ctx().progress({ bytesTotal: null });
    clock.advance(1000);
    job.ctx().progress({ done: 9 });
    expect(p().etaMs).toBeGreaterThan(0);
    expect(p().etaMs).toBeLessThan(1000);
    job.finish();
    await jobs.wait(id);
  });
});

describe('EtaEstimator', () => {
  it('waits for enough elapsed time and progress before estimating', () => {
    const eta = new EtaEstimator(10_000, 800);
    expect(eta.sample(0, 0, 100)).toBeNull();
    expect(eta.sample(500, 10, 100)).toBeNull();
    expect(eta.sample(1000, 10, 100)).toBe(9000);
    expect(eta.sample(1000, 100, 100)).toBe(0);
  });

  it('has no estimate without a total or without progress', () => {
    const eta = new EtaEstimator();
    expect(eta.sample(0, 0, null)).toBeNull();
    expect(eta.sample(5000, 0, 0)).toBeNull();
    const stuck = new EtaEstimator();
    stuck.sample(0, 10, 100);
    expect(stuck.sample(5000, 10, 100)).toBeNull();
  });

  it('follows the recent rate, not the average since the start', () => {
    const eta = new EtaEstimator(2000, 100);
    eta.sample(0, 0, 1000);
    eta.sample(10_000, 10, 1000); // a very slow start
    eta.sample(11_000, 110, 1000);
    eta.sample(12_000, 210, 1000);
    // 100 per second lately: 790 left → about 7.9 s, not the ~100 s the average implies.
    expect(eta.sample(12_500, 260, 1000)).toBeLessThan(10_000);
  });
});
