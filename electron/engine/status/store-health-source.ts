import type { StoreHealth } from '../../../shared/dto/health';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { snapshotsUsingBlobs } from '../store/affected-snapshots';
import type { BackupStore } from '../store/backup-store';
import { BlobDamage } from '../store/blob-damage';

export interface StoreHealthSourceDeps {
  store: BackupStore;
  /**
   * Read the store for the status: the long-running front ends do; one-shot CLI commands never
   * load SQLite for a status nobody sees (as ScheduledBackupStatus).
   */
  always: boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * The backup store's part of the one health: what `store.info` says of its index (damaged:
 * store repair), and the blobs marked missing or damaged, with the snapshots that need them.
 */
export class StoreHealthSource {
  constructor(private readonly deps: StoreHealthSourceDeps) {}

  async read(): Promise<StoreHealth | null> {
    if (!this.deps.always) return null;
    const { store } = this.deps;
    try {
      const info = await store.info();
      if (!info.exists) return null;
      const base = { store: info.path, damage: info.damage ?? null };
      if (info.damage) return { ...base, damagedBlobs: 0, snapshots: [] };
      const db = await store.reader();
      if (!db) return null;
      const ids = new BlobDamage(db, () => this.deps.clock.now()).list().map((b) => b.id);
      return { ...base, damagedBlobs: ids.length, snapshots: snapshotsUsingBlobs(db, ids) };
    } catch (e) {
      // An unreadable store must not break the status: `check` and `store repair` report it.
      this.deps.logger.warn('could not read the store for the status', { error: String(e) });
      return null;
    }
  }
}
