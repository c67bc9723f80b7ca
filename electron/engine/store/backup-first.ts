import type { BackupFirstPort } from '../clean/backup-port';
import type { ProgressUpdate } from '../jobs/job-runner';
import { storeLockKey } from '../jobs/lock-keys';
import type { ResourceLocks } from '../jobs/resource-locks';
import type { EventBus } from '../rpc/event-bus';
import type { GoEnvService } from '../toolchain/go-env';
import type { BackupStore } from './backup-store';
import type { CacheLister } from './cache-lister';
import { cacheSource } from './snapshot-source';
import type { SnapshotWriter } from './snapshot-writer';

export interface SnapshotBeforeCleanDeps {
  store: BackupStore;
  snapshots: SnapshotWriter;
  lister: CacheLister;
  goEnv: GoEnvService;
  locks: ResourceLocks;
  events: EventBus;
}

/**
 * "Back up first" for cleanup: a normal snapshot of the module cache (and of the build cache
 * when build-cache entries go). Versions the store already holds cost a stat call each, so a
 * whole snapshot is as cheap as one of just the versions about to go — and restorable as any.
 */
export class SnapshotBeforeClean implements BackupFirstPort {
  constructor(private readonly d: SnapshotBeforeCleanDeps) {}

  async backupBeforeClean(req: {
    gomodcache: string;
    gocache: string | null;
    signal?: AbortSignal;
    progress?: (p: ProgressUpdate) => void;
  }): Promise<{ snapshotId: string }> {
    const dir = this.d.store.paths().dir;
    // The cleanup job holds the cache-writer lock; snapshot jobs never wait for it: no cycle.
    const release = await this.d.locks.acquire([storeLockKey(dir)], req.signal);
    try {
      const env = req.gocache ? await this.d.goEnv.get() : null;
      const result = await this.d.snapshots.run({
        source: cacheSource(this.d.lister, req.gomodcache),
        sumdbDir: (await this.d.goEnv.sumdbDir()) || null,
        gocache:
          req.gocache && env
            ? {
                dir: req.gocache,
                goVersion: env.vars.GOVERSION,
                goos: env.vars.GOOS,
                goarch: env.vars.GOARCH,
              }
            : null,
        signal: req.signal,
        progress: req.progress,
      });
      this.d.events.emit('store.changed', { store: dir, reason: 'snapshot', snapshot: result.id });
      return { snapshotId: result.id };
    } finally {
      release();
    }
  }
}
