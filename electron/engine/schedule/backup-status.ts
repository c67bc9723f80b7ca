import type { BackupStatus } from '../../../shared/dto/status';
import type { Logger } from '../platform/logger';
import type { BackupStatusSource } from '../status/status-service';
import type { BackupStore } from '../store/backup-store';
import { newestSnapshotTime } from '../store/snapshot-coverage';
import type { Scheduler } from './scheduler';

export interface ScheduledBackupStatusDeps {
  store: BackupStore;
  scheduler: Scheduler;
  gomodcache: () => Promise<string>;
  /**
   * Read the store even while the scheduler is stopped: the long-running front ends (the
   * desktop app, `modvault ui`) show the last good backup; one-shot CLI commands never load
   * SQLite for a status nobody sees.
   */
  always: boolean;
  logger: Logger;
}

/**
 * "Last good backup … · next …" for the tray and the dashboard. A snapshot row exists only once
 * a snapshot has completed (a failed or canceled one leaves none), so the newest snapshot of this
 * machine's module cache is the last good backup; imports are not backups of this cache and do
 * not count. The scheduler adds its next attempt and the pause.
 */
export class ScheduledBackupStatus implements BackupStatusSource {
  constructor(private readonly deps: ScheduledBackupStatusDeps) {}

  async backupStatus(): Promise<BackupStatus | null> {
    const { scheduler } = this.deps;
    if (!this.deps.always && !scheduler.running) return null;
    return {
      lastGoodAt: await this.lastGoodAt(),
      nextAt: scheduler.nextAt(),
      pausedUntil: scheduler.pausedUntil(),
    };
  }

  private async lastGoodAt(): Promise<number | null> {
    try {
      const db = await this.deps.store.reader();
      return db ? newestSnapshotTime(db, await this.deps.gomodcache()) : null;
    } catch (e) {
      // A damaged or unreadable store must not break the status: `check` reports it.
      this.deps.logger.warn('could not read the last backup for the status', { error: String(e) });
      return null;
    }
  }
}
