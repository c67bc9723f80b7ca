import type { BackupStatus } from '../../../shared/dto/status';
import type { Logger } from '../platform/logger';
import type { BackupStatusSource } from '../status/status-service';
import type { BackupStore } from './backup-store';

/**
 * The status's backup section from the store: when the newest snapshot of a module cache was
 * taken. A snapshot row exists only once a snapshot has completed (a failed or canceled one
 * leaves none), so the newest row is the last good backup; versions it could not store are its
 * problems, shown with it. Imports are not backups of this machine's cache and do not count.
 * The scheduler fills in `nextAt` and `pausedUntil`; the store knows neither.
 */
export class StoreBackupStatus implements BackupStatusSource {
  constructor(
    private readonly store: BackupStore,
    private readonly logger: Logger,
  ) {}

  async backupStatus(): Promise<BackupStatus> {
    return { lastGoodAt: await this.lastGoodAt(), nextAt: null, pausedUntil: null };
  }

  private async lastGoodAt(): Promise<number | null> {
    try {
      const db = await this.store.reader();
      if (!db) return null;
      const time = db
        .prepare(`SELECT max(time) FROM snapshots WHERE kind = 'snapshot'`)
        .pluck()
        .get() as number | null;
      return time ?? null;
    } catch (e) {
      // A damaged or unreadable store must not break the status: `check` reports it.
      this.logger.warn('could not read the last backup for the status', { error: String(e) });
      return null;
    }
  }
}
