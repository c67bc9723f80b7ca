import type { BackupFirstPort } from '../clean/backup-port';
import type { ProgressUpdate } from '../jobs/job-runner';
import { storeLockKey } from '../jobs/lock-keys';
import type { ResourceLocks } from '../jobs/resource-locks';
import { snapshotCaches, type CacheSnapshotDeps } from './snapshot-job';

export interface SnapshotBeforeCleanDeps extends CacheSnapshotDeps {
  locks: ResourceLocks;
}

/**
 * "Back up first" for cleanup: a normal snapshot of the module cache (and of the build cache
 * when build-cache entries go). Versions the store already holds cost a stat call each, so a
 * whole snapshot is as cheap as one of just the versions about to go — and it is listed,
 * restorable and subject to retention like any other.
 */
export class SnapshotBeforeClean implements BackupFirstPort {
  constructor(private readonly d: SnapshotBeforeCleanDeps) {}

  async backupBeforeClean(req: {
    gomodcache: string;
    gocache: string | null;
    signal?: AbortSignal;
    progress?: (p: ProgressUpdate) => void;
  }): Promise<{ snapshotId: string }> {
    // The cleanup job holds the cache-writer lock; snapshot jobs never wait for it: no cycle.
    const release = await this.d.locks.acquire(
      [storeLockKey(this.d.store.paths().dir)],
      req.signal,
    );
    try {
      const result = await snapshotCaches(this.d, {
        gocache: req.gocache !== null,
        signal: req.signal ?? new AbortController().signal,
        progress: req.progress ?? (() => {}),
      });
      return { snapshotId: result.id };
    } finally {
      release();
    }
  }
}
