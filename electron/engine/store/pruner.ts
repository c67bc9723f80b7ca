import { unlinkSync } from 'node:fs';
import path from 'node:path';
import type { PruneResult } from '../../../shared/dto/store';
import { errnoCode } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import type { WriteSession } from './backup-store';
import { BlobDamage } from './blob-damage';
import { BlobIndex } from './blob-index';
import { packPath } from './file-intents';
import type { FaultPoints } from './fault-points';
import type { Db } from './migrations';
import { blobMeta, PACK_MAGIC, RECORD_HEADER_SIZE } from './pack-format';
import { PackWriter, syncDir } from './pack-writer';

export interface PruneOptions {
  /** Repack a pack once at least this percentage of it is garbage. */
  repackThreshold: number;
  dryRun: boolean;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

export interface PrunerDeps {
  pool: WorkerPool;
  clock: Clock;
  faults: FaultPoints;
  packTargetBytes: number;
}

interface PackUse {
  id: number;
  name: string;
  size: number;
  liveBlobs: number;
  liveBytes: number;
  /** Live blobs known to be damaged: the pack stays as it is until they are stored again. */
  damagedLive: number;
}

/** Marks what the remaining snapshots reference, in temp tables of this connection. */
function markLive(db: Db): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.live_versions;
    DROP TABLE IF EXISTS temp.live_blobs;
    CREATE TEMP TABLE live_versions (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE live_blobs (id INTEGER PRIMARY KEY);
    INSERT OR IGNORE INTO live_versions SELECT version_id FROM version_set_items
      WHERE set_id IN (SELECT version_set_id FROM snapshots);
    INSERT OR IGNORE INTO live_blobs SELECT blob_id FROM version_files
      WHERE version_id IN (SELECT id FROM live_versions);
    INSERT OR IGNORE INTO live_blobs SELECT mod_blob FROM version_set_items
      WHERE set_id IN (SELECT version_set_id FROM snapshots) AND mod_blob IS NOT NULL;
    INSERT OR IGNORE INTO live_blobs SELECT info_blob FROM version_set_items
      WHERE set_id IN (SELECT version_set_id FROM snapshots) AND info_blob IS NOT NULL;
    INSERT OR IGNORE INTO live_blobs SELECT blob_id FROM file_set_items
      WHERE set_id IN (SELECT file_set_id FROM snapshots);
    INSERT OR IGNORE INTO live_blobs SELECT meta_blob FROM module_versions
      WHERE id IN (SELECT id FROM live_versions) AND meta_blob IS NOT NULL;
    INSERT OR IGNORE INTO live_blobs SELECT meta_blob FROM version_sets
      WHERE id IN (SELECT version_set_id FROM snapshots) AND meta_blob IS NOT NULL;
    INSERT OR IGNORE INTO live_blobs SELECT meta_blob FROM file_sets
      WHERE id IN (SELECT file_set_id FROM snapshots) AND meta_blob IS NOT NULL;
    INSERT OR IGNORE INTO live_blobs SELECT problems_blob FROM snapshots WHERE problems_blob IS NOT NULL;
    -- A live delta keeps its base (chains are one step deep: one pass is all of them).
    INSERT OR IGNORE INTO live_blobs SELECT base_id FROM blob_bases
      WHERE blob_id IN (SELECT id FROM temp.live_blobs);
  `);
}

/**
 * Reclaims space after `forget`: drops what no snapshot references and rewrites packs that are
 * mostly garbage (or small) into new ones. Crash-safe like a snapshot: new packs are durable
 * and their rows committed before old rows and files go; blobs are verified before they move.
 */
export class Pruner {
  constructor(private readonly d: PrunerDeps) {}

  async prune(s: WriteSession, opts: PruneOptions): Promise<PruneResult> {
    const { db, paths } = s;
    const progress = opts.progress ?? (() => {});
    progress({ phase: 'marking' });
    markLive(db);
    try {
      const uses = db
        .prepare(
          `SELECT p.id, p.name, p.size, count(l.id) AS liveBlobs,
             coalesce(sum(CASE WHEN l.id IS NULL THEN 0 ELSE b.stored_size + ${RECORD_HEADER_SIZE} END), 0) AS liveBytes,
             count(d.blob_id) AS damagedLive
           FROM packs p LEFT JOIN blobs b ON b.pack_id = p.id LEFT JOIN temp.live_blobs l ON l.id = b.id
             LEFT JOIN damaged_blobs d ON d.blob_id = l.id
           GROUP BY p.id ORDER BY p.id`,
        )
        .all() as PackUse[];
      // A pack holding damaged data a snapshot still names is neither rewritten nor removed.
      const damaged = new Set(uses.filter((u) => u.damagedLive > 0).map((u) => u.id));
      const dead = uses.filter((u) => u.liveBlobs === 0);
      const garbage = (u: PackUse) => ((u.size - u.liveBytes - PACK_MAGIC.length) * 100) / u.size;
      const repack = uses.filter(
        (u) => u.liveBlobs > 0 && !damaged.has(u.id) && garbage(u) >= opts.repackThreshold,
      );
      // Small packs (from small snapshots) are merged once there are several of them.
      const small = uses.filter(
        (u) =>
          u.liveBlobs > 0 &&
          !damaged.has(u.id) &&
          !repack.includes(u) &&
          u.size < this.d.packTargetBytes / 4,
      );
      if (small.length >= 2) repack.push(...small);
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      const before = uses.reduce((n, u) => n + u.size, 0);
      const result: PruneResult = {
        dryRun: opts.dryRun,
        snapshots: count('SELECT count(*) FROM snapshots'),
        versionsDeleted: count(
          'SELECT count(*) FROM module_versions WHERE id NOT IN (SELECT id FROM temp.live_versions)',
        ),
        blobsDeleted: count(
          'SELECT count(*) FROM blobs WHERE id NOT IN (SELECT id FROM temp.live_blobs)',
        ),
        packsDeleted: dead.length,
        packsRepacked: repack.length,
        packsWritten: 0,
        bytesBefore: before,
        bytesAfter: before,
        bytesFreed: 0,
      };
      const moved = repack.reduce((n, u) => n + u.liveBytes, 0);
      const freedEstimate = [...dead, ...repack].reduce((n, u) => n + u.size, 0) - moved;
      if (opts.dryRun)
        return { ...result, bytesAfter: before - freedEstimate, bytesFreed: freedEstimate };

      const { written, kept } = await this.repack(s, repack, opts, progress);
      progress({ phase: 'deleting' });
      const gone = [...dead, ...repack.filter((u) => !kept.has(u.id))];
      db.transaction(() => {
        db.exec(`
          DELETE FROM version_sets WHERE id NOT IN (SELECT version_set_id FROM snapshots);
          DELETE FROM file_sets WHERE id NOT IN (SELECT file_set_id FROM snapshots);
          DELETE FROM module_versions WHERE id NOT IN (SELECT id FROM temp.live_versions);
          DELETE FROM blobs WHERE id NOT IN (SELECT id FROM temp.live_blobs);
        `);
        const del = db.prepare('DELETE FROM packs WHERE id = ?');
        for (const u of gone) {
          del.run(u.id);
          s.intents.willDelete(packPath(u.name));
        }
      })();
      this.d.faults.hit('prune-committed');
      for (const u of gone) {
        try {
          unlinkSync(path.join(paths.packs, u.name));
        } catch (e) {
          if (errnoCode(e) !== 'ENOENT') continue; // the next writer deletes it (its intent says so)
        }
        s.intents.done(packPath(u.name));
      }
      syncDir(paths.packs);
      this.compactIndex(db);
      const after = new BlobIndex(db).packs().reduce((n, p) => n + p.size, 0);
      return { ...result, packsWritten: written, bytesAfter: after, bytesFreed: before - after };
    } finally {
      db.exec('DROP TABLE IF EXISTS temp.live_versions; DROP TABLE IF EXISTS temp.live_blobs;');
    }
  }

  /**
   * Copies the live blobs of `packs` into new packs; returns how many packs were written, and
   * the packs kept as they are because they hold damaged data (its blobs are marked).
   */
  private async repack(
    s: WriteSession,
    packs: PackUse[],
    opts: PruneOptions,
    progress: (p: ProgressUpdate) => void,
  ): Promise<{ written: number; kept: Set<number> }> {
    const { db } = s;
    const packsDir = s.paths.packs;
    const kept = new Set<number>();
    if (packs.length === 0) return { written: 0, kept };
    const index = new BlobIndex(db);
    const damage = new BlobDamage(db, () => this.d.clock.now());
    const live = db.prepare('SELECT 1 FROM temp.live_blobs WHERE id = ?');
    const all = packs.map((u) => ({
      u,
      file: path.join(packsDir, u.name),
      blobs: index.blobsInPack(u.id).filter((b) => live.get(b.id) !== undefined),
    }));
    progress({ phase: 'verifying', done: 0, total: all.length });
    let verified = 0;
    // Never carry damaged data into a new pack, nor drop the pack holding it: its blobs are
    // marked (the next snapshot stores them again) and the pack stays as it is.
    await mapLimit(
      all,
      this.d.pool.size * 2,
      async (p) => {
        const verdict = await this.d.pool.run(
          'verifyPack',
          { file: p.file, blobs: p.blobs, readData: true },
          opts.signal,
        );
        if (verdict.pack || verdict.bad.length > 0) {
          kept.add(p.u.id);
          const why = `prune found it damaged in pack ${p.u.name}`;
          damage.mark(verdict.pack ? p.blobs.map((b) => b.id) : verdict.bad.map((b) => b.id), why);
        }
        progress({ done: ++verified });
      },
      opts.signal,
    );
    const plan = all.filter((p) => !kept.has(p.u.id));
    progress({ phase: 'repacking', done: 0, total: plan.length });
    const move = db.prepare('UPDATE blobs SET pack_id = ?, offset = ? WHERE sha256 = ?');
    let written = 0;
    const writer = new PackWriter({
      packsDir,
      targetBytes: this.d.packTargetBytes,
      faults: this.d.faults,
      onOpen: (name) => s.intents.willCreate(packPath(name)),
      onSealed: (pack) =>
        db.transaction(() => {
          const packId = db
            .prepare('INSERT INTO packs (name, size, blob_count, created_at) VALUES (?, ?, ?, ?)')
            .run(pack.name, pack.size, pack.blobs.length, this.d.clock.now()).lastInsertRowid;
          for (const b of pack.blobs) move.run(packId, b.offset, b.sha256);
          s.intents.done(packPath(pack.name));
          written++;
        })(),
    });
    try {
      plan.forEach((p, i) => {
        for (const b of p.blobs)
          writer.append(blobMeta(b), { file: p.file, offset: b.offset, length: b.storedSize });
        progress({ done: i + 1 });
      });
      await writer.finish();
    } catch (e) {
      await writer.abort();
      throw e;
    }
    return { written, kept };
  }

  /** Gives space freed in the index back to the file system when a lot was freed. */
  private compactIndex(db: Db): void {
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    if (pages > 0 && free / pages > 0.25) db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
