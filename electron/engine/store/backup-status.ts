import type { SnapshotProblem } from '../../../shared/dto/store';
import { NOTE_PROBLEMS } from '../../../shared/dto/store';
import type { BackupStatus } from '../../../shared/dto/status';
import type { Logger } from '../platform/logger';
import type { BackupStatusSource } from '../status/status-service';
import type { BackupStore } from './backup-store';

/**
 * A problem that leaves the snapshot a complete backup of the cache: a note (no .ziphash to
 * check against), a version whose earlier good copy was carried into the snapshot, or a file
 * deleted while the snapshot ran (there was nothing left to back up).
 */
export function harmless(p: SnapshotProblem): boolean {
  return NOTE_PROBLEMS.includes(p.kind) || p.keptFrom !== null || p.kind === 'vanished';
}

/**
 * The status's backup section from the store: when the newest snapshot of a module cache that
 * holds every version in good shape was taken. Imports are not backups of this machine's cache
 * and do not count. The scheduler fills in `nextAt` and `pausedUntil`; the store knows neither.
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
      const rows = db
        .prepare(`SELECT time, problems FROM snapshots WHERE kind = 'snapshot' ORDER BY seq DESC`)
        .iterate() as IterableIterator<{ time: number; problems: string }>;
      for (const row of rows) {
        const problems = JSON.parse(row.problems) as SnapshotProblem[];
        if (problems.every(harmless)) return row.time;
      }
      return null;
    } catch (e) {
      // A damaged or unreadable store must not break the status: `check` reports it.
      this.logger.warn('could not read the last backup for the status', { error: String(e) });
      return null;
    }
  }
}
