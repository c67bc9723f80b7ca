import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { WorkerPool } from '../platform/worker-pool';
import type { BackupStore } from './backup-store';
import { BlobDamage } from './blob-damage';
import { DamagedBlobError } from './blob-errors';
import { BlobIndex } from './blob-index';
import path from 'node:path';

/**
 * What readers (restore, export, the proxy) do when a blob does not read back: record it, and
 * read the rest of its pack back, since damage rarely comes alone — so that the next snapshot
 * stores everything that was damaged again, not only what this read happened to meet.
 * Skipped where the store cannot be written; never fails the read that found it.
 */
export class DamageRecorder {
  constructor(
    private readonly d: { store: BackupStore; pool: WorkerPool; clock: Clock; logger: Logger },
  ) {}

  async record(shas: readonly string[], reason: string): Promise<void> {
    if (shas.length === 0) return;
    try {
      const db = await this.d.store.writableReader();
      if (!db) return;
      const damage = new BlobDamage(db, () => this.d.clock.now());
      damage.markBySha(shas, reason);
      const find = db.prepare('SELECT pack_id FROM blobs WHERE sha256 = ?').pluck();
      const packIds = new Set(shas.map((s) => find.get(Buffer.from(s, 'hex')) as number | null));
      const index = new BlobIndex(db);
      const packsDir = this.d.store.paths().packs;
      for (const pack of index.packs().filter((p) => packIds.has(p.id))) {
        const blobs = index.blobsInPack(pack.id);
        const file = path.join(packsDir, pack.name);
        const verdict = await this.d.pool.run('verifyPack', { file, blobs, readData: true });
        // A delta that fails through its base: the base is what is damaged.
        const bad = verdict.pack ? blobs.map((b) => b.id) : verdict.bad.map((b) => b.base ?? b.id);
        damage.mark(bad, `${reason} (found reading its pack ${pack.name} back)`);
      }
    } catch (e) {
      this.d.logger.warn('could not record damaged blobs', { error: String(e) });
    }
  }

  /** Runs `read`, recording the blob it found damaged before passing the error on. */
  async noticing<T>(reason: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (e instanceof DamagedBlobError) await this.record([e.sha256], reason);
      throw e;
    }
  }
}
