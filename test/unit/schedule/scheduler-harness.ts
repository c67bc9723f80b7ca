import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ScheduledRunResult } from '../../../shared/dto/schedule';
import type { SnapshotResult } from '../../../shared/dto/store';
import { EngineError } from '../../../electron/engine/errors';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { ResourceLocks } from '../../../electron/engine/jobs/resource-locks';
import { silentLogger } from '../../../electron/engine/platform/logger';
import type { PowerEventName } from '../../../electron/engine/platform/power-events';
import { PowerState } from '../../../electron/engine/platform/power-events';
import { EventBus } from '../../../electron/engine/rpc/event-bus';
import type { CacheWatcher } from '../../../electron/engine/schedule/cache-watcher';
import { scheduleHandlers } from '../../../electron/engine/schedule/handlers';
import type { ClaimOwner } from '../../../electron/engine/schedule/schedule-repo';
import { ScheduleRepo } from '../../../electron/engine/schedule/schedule-repo';
import type { ScheduledRun } from '../../../electron/engine/schedule/scheduled-backup';
import { Scheduler } from '../../../electron/engine/schedule/scheduler';
import { BackupStore } from '../../../electron/engine/store/backup-store';
import { FaultPoints } from '../../../electron/engine/store/fault-points';
import { ManualClock } from '../../helpers/manual-clock';
import { removeTree, tempDir } from '../../helpers/temp';

/** Lets pending promise chains (job runner, SQLite reads) run to their next timer. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 12; i++) await new Promise((r) => setImmediate(r));
}

/** Processes that exist, as the claims of the test's fake processes see them. */
export type Liveness = Set<number>;

export function owner(clock: ManualClock, pid: number, alive: Liveness): ClaimOwner {
  return {
    pid,
    host: 'test-host',
    now: () => clock.now(),
    isAlive: (p) => alive.has(p),
    processStart: () => null,
  };
}

/**
 * A scheduler over a real store index (SQLite in a temp folder) and the real job runner, with
 * a manual clock and a scripted backup in place of the snapshot: what runs when is the test.
 */
export async function schedulerHarness(start: number) {
  const dir = await tempDir('modvault-sched-');
  onTestFinished(() => removeTree(dir));
  const clock = new ManualClock();
  clock.sleep(start - clock.now());
  const events = new EventBus();
  const alive: Liveness = new Set([1]);
  const store = new BackupStore({
    location: () => ({ dir: path.join(dir, 'store'), source: 'option' }),
    clock,
    logger: silentLogger,
    lockOwner: owner(clock, 1, alive),
    faults: new FaultPoints(undefined),
    packTargetBytes: 1 << 20,
  });
  onTestFinished(() => store.close());
  const repo = new ScheduleRepo(store, store.deps.lockOwner);
  const locks = new ResourceLocks();
  const jobs = new JobRunner({ events, clock, locks, logger: silentLogger });
  /** When each run started (clock time), and the failures still to come. */
  const runs: number[] = [];
  const script = { failures: 0, concurrent: 0, maxConcurrent: 0 };
  const run: ScheduledRun = {
    async run(s) {
      runs.push(clock.now());
      script.concurrent++;
      script.maxConcurrent = Math.max(script.maxConcurrent, script.concurrent);
      await flush();
      script.concurrent--;
      if (script.failures > 0) {
        script.failures--;
        throw new EngineError('NO_SPACE', 'The disk is full.');
      }
      const snapshot = { id: `snap${runs.length}` } as SnapshotResult;
      return {
        schedule: s.id,
        snapshot,
        retention: null,
        retentionHeld: null,
      } satisfies ScheduledRunResult;
    },
  };
  let powerListener: (e: PowerEventName) => void = () => {};
  let battery = false;
  const power = new PowerState(
    {
      subscribe: (fn) => {
        powerListener = fn;
        return () => {};
      },
      onBattery: () => battery,
    },
    clock,
    silentLogger,
  );
  const cache = { lost: false };
  const scheduler = new Scheduler({
    repo,
    run,
    jobs,
    lockKey: () => 'store:test',
    events,
    power,
    clock,
    logger: silentLogger,
    cacheLost: () => cache.lost,
  });
  onTestFinished(() => scheduler.stop());
  const handlers = scheduleHandlers({
    repo,
    scheduler,
    watcher: {} as CacheWatcher,
    clock,
  });

  /** Moves the clock, firing every timer on the way and letting the async work settle. */
  async function advance(ms: number): Promise<void> {
    const end = clock.now() + ms;
    for (;;) {
      await flush();
      const due = clock.nextDueAt();
      if (due === null || due > end) break;
      clock.advance(Math.max(0, due - clock.now()));
    }
    clock.advance(end - clock.now());
    await flush();
  }

  return {
    dir,
    clock,
    events,
    store,
    repo,
    jobs,
    locks,
    scheduler,
    handlers,
    runs,
    script,
    cache,
    alive,
    advance,
    power: {
      emit: (e: PowerEventName) => {
        if (e === 'on-battery') battery = true;
        if (e === 'on-ac') battery = false;
        powerListener(e);
      },
    },
    /** The one schedule's view as clients see it. */
    view: async () => (await handlers['schedule.list']({}, { origin: 'internal' }))[0]!,
  };
}
