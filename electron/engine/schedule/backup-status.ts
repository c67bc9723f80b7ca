import type { BackupStatus } from '../../../shared/dto/status';
import type { BackupStatusSource } from '../status/status-service';
import type { BackupStore } from '../store/backup-store';
import { newestSnapshotTime } from '../store/snapshot-coverage';
import type { Scheduler } from './scheduler';

/**
 * "Last good backup … · next …" for the tray and the dashboard: the newest snapshot of this
 * machine's module cache, and the scheduler's next attempt. Nothing while the scheduler is not
 * running (one-shot CLI commands never open the store for it).
 */
export class ScheduledBackupStatus implements BackupStatusSource {
  constructor(
    private readonly store: BackupStore,
    private readonly scheduler: Scheduler,
    private readonly gomodcache: () => Promise<string>,
  ) {}

  async backupStatus(): Promise<BackupStatus | null> {
    if (!this.scheduler.running) return null;
    const db = await this.store.reader();
    return {
      lastGoodAt: db ? newestSnapshotTime(db, await this.gomodcache()) : null,
      nextAt: this.scheduler.nextAt(),
      pausedUntil: this.scheduler.pausedUntil(),
    };
  }
}
