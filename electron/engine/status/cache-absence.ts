import type { CacheAbsence } from '../../../shared/dto/cache';
import type { Logger } from '../platform/logger';
import type { BackupStore } from '../store/backup-store';
import { latestOfCache } from '../store/snapshot-coverage';

/**
 * Tells a deleted module cache from one Go never created: the store holds a snapshot of the
 * first. Every command and page that meets a missing cache asks here, so `scan`, `verify`,
 * `doctor`, the dashboard and the tray give the same answer (and the same exit code).
 */
export class CacheAbsenceLookup {
  constructor(
    private readonly store: Pick<BackupStore, 'reader'>,
    private readonly logger: Logger,
  ) {}

  async of(gomodcache: string): Promise<CacheAbsence> {
    try {
      const db = await this.store.reader();
      if (!db) return { snapshot: null, snapshots: 0 };
      const latest = latestOfCache(db, gomodcache);
      const snapshots = db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
      return {
        snapshot: latest
          ? {
              id: latest.id,
              time: new Date(latest.time).toISOString(),
              versions: latest.versions.size,
            }
          : null,
        snapshots,
      };
    } catch (e) {
      // A damaged store must not make a missing cache an error of its own: `check` reports it.
      this.logger.warn('could not read the store for a missing cache', { error: String(e) });
      return { snapshot: null, snapshots: 0 };
    }
  }
}
