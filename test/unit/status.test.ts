import { describe, expect, it, vi } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { JobInfo } from '../../shared/dto/jobs';
import type { AppStatus } from '../../shared/dto/status';
import { JobRunner } from '../../electron/engine/jobs/job-runner';
import { ResourceLocks } from '../../electron/engine/jobs/resource-locks';
import { systemClock } from '../../electron/engine/platform/clock';
import { silentLogger } from '../../electron/engine/platform/logger';
import type { PowerEventName } from '../../electron/engine/platform/power-events';
import { PowerState } from '../../electron/engine/platform/power-events';
import { EventBus } from '../../electron/engine/rpc/event-bus';
import { statusLevel } from '../../electron/engine/status/status-level';
import { StatusService } from '../../electron/engine/status/status-service';

const job = (title: string): JobInfo =>
  ({ id: title, command: 'x', title, status: 'running' }) as JobInfo;
const cache = (over: Partial<NonNullable<AppStatus['cache']>> = {}) => ({
  gomodcache: '/go/pkg/mod',
  exists: true,
  versions: 10,
  damaged: 0,
  leftovers: 0,
  scannedAt: 1,
  ...over,
});

describe('statusLevel', () => {
  it('is idle with nothing to report, running while a job runs', () => {
    expect(
      statusLevel({
        activeJobs: [],
        lastFailure: null,
        cache: cache(),
        verify: null,
        cacheLost: [],
      }),
    ).toEqual({
      level: 'idle',
      reasons: [],
    });
    expect(
      statusLevel({
        activeJobs: [job('Scan')],
        lastFailure: null,
        cache: null,
        verify: null,
        cacheLost: [],
      }).level,
    ).toBe('running');
  });

  it('puts the most serious reason first: failures and tampering beat a missing cache beats running', () => {
    const s = statusLevel({
      activeJobs: [job('Scan')],
      lastFailure: null,
      cache: cache({ exists: false }),
      verify: { at: 1, checked: 3, errors: 0, warnings: 2 },
      cacheLost: [],
    });
    expect(s.level).toBe('warning');
    expect(s.reasons.map((r) => r.kind)).toEqual([
      'cache-missing',
      'verify-warnings',
      'job-running',
    ]);
    const e = statusLevel({
      activeJobs: [],
      lastFailure: { jobId: 'j', command: 'c', title: 'Backup', at: 1, message: 'disk full' },
      cache: cache({ damaged: 2 }),
      verify: { at: 1, checked: 3, errors: 1, warnings: 0 },
      cacheLost: [],
    });
    expect(e.level).toBe('error');
    expect(e.reasons.map((r) => r.kind)).toEqual(['job-failed', 'verify-errors', 'cache-damaged']);
  });
});

describe('statusLevel with the cache watcher', () => {
  it('a lost cache turns the tray to warning and replaces the bare "missing" reason', () => {
    const loss = {
      cache: 'gomodcache' as const,
      root: '/go/pkg/mod',
      reason: 'root-missing' as const,
      before: 276,
      now: 0,
      gone: 276,
      snapshot: { id: '3f2a9c1d', time: 1, has: 276 },
      at: 2,
    };
    const s = statusLevel({
      activeJobs: [job('Scan')],
      lastFailure: null,
      cache: cache({ exists: false }),
      verify: null,
      cacheLost: [loss],
    });
    expect(s.level).toBe('warning');
    expect(s.reasons).toEqual([
      { kind: 'cache-lost', cache: 'gomodcache', gone: 276, snapshot: '3f2a9c1d' },
      { kind: 'job-running', title: 'Scan' },
    ]);
  });
});

describe('StatusService', () => {
  function setup() {
    const events = new EventBus();
    const jobs = new JobRunner({
      events,
      clock: systemClock,
      locks: new ResourceLocks(),
      logger: silentLogger,
    });
    let emitPower: (e: PowerEventName) => void = () => {};
    const power = new PowerState(
      { subscribe: (fn) => ((emitPower = fn), () => {}), onBattery: () => false },
      systemClock,
      silentLogger,
    );
    const service = new StatusService({ events, jobs, power, clock: systemClock });
    const seen: AppStatus[] = [];
    events.on('status.changed', (s) => seen.push(s));
    return { jobs, service, seen, emitPower: (e: PowerEventName) => emitPower(e) };
  }

  it('follows jobs: running while one runs, cache health from scans, failures until the same command succeeds', async () => {
    const { jobs, service, seen } = setup();
    const report = {
      gomodcache: '/m',
      exists: false,
      scannedAt: 5,
      modules: [],
      leftovers: [],
      totals: { versions: 0 },
      // Backed up, then gone: a warning (without a snapshot it would be a calm first run).
      absence: {
        snapshot: { id: 's1', time: '2025-01-01T00:00:00.000Z', versions: 3 },
        snapshots: 1,
      },
    };
    let release!: () => void;
    const scan = jobs.start({
      command: 'cache.scan',
      title: 'Scan',
      run: () =>
        new Promise<ScanReport>((r) => (release = () => r(report as unknown as ScanReport))),
    });
    await vi.waitFor(async () => expect((await service.status()).level).toBe('running'));
    release();
    await jobs.wait(scan.id);
    await vi.waitFor(async () => expect((await service.status()).cache).not.toBeNull());
    const after = await service.status();
    expect(after.cache).toMatchObject({ gomodcache: '/m', exists: false });
    expect(after.level).toBe('warning');

    const failing = jobs.start({
      command: 'x.y',
      title: 'Backup',
      run: () => Promise.reject(new Error('boom')),
    });
    await jobs.wait(failing.id);
    expect((await service.status()).lastFailure).toMatchObject({
      title: 'Backup',
      message: 'Unexpected error: boom',
    });
    const ok = jobs.start({ command: 'x.y', title: 'Backup', run: async () => 1 });
    await jobs.wait(ok.id);
    expect((await service.status()).lastFailure).toBeNull();
    // Events are coalesced and only sent when something changed.
    await vi.waitFor(() => expect(seen.at(-1)?.lastFailure).toBeNull());
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('reports power state changes', async () => {
    const { service, emitPower, seen } = setup();
    emitPower('on-battery');
    expect((await service.status()).power.onBattery).toBe(true);
    await vi.waitFor(() => expect(seen.at(-1)?.power.onBattery).toBe(true));
    emitPower('resume');
    expect((await service.status()).power.lastResumeAt).toBeGreaterThan(0);
  });
});
