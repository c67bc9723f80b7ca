import type { EngineClient } from '../../../../shared/client';
import { CommandError } from '../../../../shared/client';
import type { BuildCacheStats } from '../../../../shared/dto/build-cache';
import type { ScanReport, VerifyReport } from '../../../../shared/dto/cache';
import type { GoEnvReport } from '../../../../shared/dto/env';
import { Resource } from './resource.svelte';

/** A refresh this recent is not repeated when the dashboard opens again. */
const RECENT_MS = 2000;
/** Jobs after which the caches are no longer what the last scan saw. */
const CHANGE_CACHES = new Set(['clean.run', 'quarantine.undo', 'restore.run', 'restore.toolchain']);
/** A scan older than this (say, from a window opened long ago) is redone. */
const FRESH_MS = 15_000;

/**
 * The caches as the engine last saw them. Results of jobs started anywhere (another tab, the
 * tray) update the same resources, so every page shows the newest scan.
 */
export class CacheState {
  readonly env = new Resource<GoEnvReport>();
  readonly scan = new Resource<ScanReport>();
  readonly verify = new Resource<VerifyReport>();
  readonly gocache = new Resource<BuildCacheStats>();

  private refreshing: Promise<unknown> | null = null;
  private refreshedAt = 0;

  constructor(private readonly client: EngineClient) {
    client.on('job.finished', ({ job, result }) => {
      if (job.status !== 'succeeded') return;
      if (job.command === 'cache.scan') this.scan.set(result as ScanReport);
      if (job.command === 'cache.verify') this.verify.set(result as VerifyReport);
      if (job.command === 'gocache.stats') this.gocache.set(result as BuildCacheStats);
      // A cleanup, its undo or a restore changed the caches: the engine scans the module cache
      // again (its result arrives as a cache.scan job); the build cache is measured here.
      if (CHANGE_CACHES.has(job.command)) void this.measureGocache();
    });
  }

  /**
   * Brings the dashboard's data up to date: the module cache scan first (what the user waits
   * for), then the Go environment and the build cache, which would only slow the scan down if
   * they ran beside it. Calls while one is running, or just after, share it; `force` (the
   * Rescan button) always scans again.
   */
  refresh(force = false): Promise<unknown> {
    if (this.refreshing) return this.refreshing;
    if (!force && Date.now() - this.refreshedAt < RECENT_MS) return Promise.resolve();
    this.refreshing = (force ? this.rescan() : this.latestOrScan())
      .then(() => Promise.all([this.loadEnv(), this.measureGocache()]))
      .finally(() => {
        this.refreshing = null;
        this.refreshedAt = Date.now();
      });
    return this.refreshing;
  }

  /** The engine scans at startup: use that result (or wait for it) rather than scan twice. */
  private async latestOrScan(): Promise<unknown> {
    const next = this.nextScan();
    const latest = await this.client.query('cache.latest', {}).catch(() => null);
    if (latest?.verify && !this.verify.data) this.verify.set(latest.verify);
    if (latest?.scanning) return this.scan.load(() => next.promise);
    next.cancel();
    if (latest?.scan) this.scan.set(latest.scan);
    if (!latest?.scan || Date.now() - latest.scan.scannedAt > FRESH_MS) return this.rescan();
  }

  /** The result of the next cache.scan job to finish, wherever it was started. */
  private nextScan(): { promise: Promise<ScanReport>; cancel: () => void } {
    let off = () => {};
    const promise = new Promise<ScanReport>((resolve, reject) => {
      off = this.client.on('job.finished', ({ job, result }) => {
        if (job.command !== 'cache.scan') return;
        off();
        if (job.status === 'succeeded') resolve(result as ScanReport);
        else reject(new CommandError(job.error ?? { code: 'INTERNAL', message: job.status }));
      });
    });
    return { promise, cancel: () => off() };
  }

  loadEnv(refresh = false) {
    return this.env.load(() => this.client.query('env.get', { refresh }));
  }

  rescan() {
    return this.scan.load((onStarted) => this.client.runJob('cache.scan', {}, { onStarted }));
  }

  runVerify(deep: boolean, projects: string[] = []) {
    return this.verify.load((onStarted) =>
      this.client.runJob('cache.verify', { deep, projects }, { onStarted }),
    );
  }

  measureGocache() {
    return this.gocache.load((onStarted) => this.client.runJob('gocache.stats', {}, { onStarted }));
  }
}
