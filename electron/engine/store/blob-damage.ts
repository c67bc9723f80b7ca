import { statSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotLoss } from '../../../shared/dto/store';
import { snapshotsUsingBlobs } from './affected-snapshots';
import type { Db } from './migrations';

/**
 * SQL that is true when blob `b` (a table alias) reads back as far as the index knows: in a
 * pack, not marked damaged, and — for a delta — through a base that is all of these and whole
 * (restores decode one step). Every "is it in the store" question asks this, so a delta whose
 * base went bad is stored again like a damaged blob, and is whole again once its base is healed.
 */
export const readableBlob = (b: string): string =>
  `${b}.pack_id IS NOT NULL AND ${b}.id NOT IN (SELECT blob_id FROM damaged_blobs)
   AND NOT EXISTS (SELECT 1 FROM blob_bases bb JOIN blobs base ON base.id = bb.base_id
     WHERE bb.blob_id = ${b}.id AND (base.pack_id IS NULL OR base.id IN (SELECT blob_id FROM damaged_blobs)
       OR base.id IN (SELECT blob_id FROM blob_bases)))`;

/** Ids of the blobs that do not read back (see readableBlob). */
const UNREADABLE = `SELECT blob_id FROM damaged_blobs UNION SELECT id FROM blobs WHERE pack_id IS NULL
  UNION SELECT bb.blob_id FROM blob_bases bb JOIN blobs base ON base.id = bb.base_id
    WHERE base.pack_id IS NULL OR base.id IN (SELECT blob_id FROM damaged_blobs)
      OR base.id IN (SELECT blob_id FROM blob_bases)`;

/** Ids through a temp table: any number of them, one statement. */
function withIds<T>(db: Db, ids: readonly number[], fn: () => T): T {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS damage_ids (id INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM damage_ids');
  const insert = db.prepare('INSERT OR IGNORE INTO damage_ids (id) VALUES (?)');
  for (const id of ids) insert.run(id);
  try {
    return fn();
  } finally {
    db.exec('DELETE FROM damage_ids');
  }
}

/**
 * Blobs found missing or damaged — by check, by a restore, by a snapshot's look at its packs, by
 * repair. A marked blob is not reused: the next snapshot of a cache that still has the content
 * stores it again under the same id (BlobIndex.addPack), which heals every snapshot naming it.
 * Marks are rows of the index only: packs are never changed for them.
 */
export class BlobDamage {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Marks blobs damaged (ids that no longer exist are skipped); returns how many were new. */
  mark(ids: readonly number[], reason: string): number {
    if (ids.length === 0) return 0;
    return this.db.transaction(() =>
      withIds(
        this.db,
        ids,
        () =>
          this.db
            .prepare(
              `INSERT OR IGNORE INTO damaged_blobs (blob_id, reason, found_at)
               SELECT b.id, ?, ? FROM blobs b WHERE b.id IN (SELECT id FROM temp.damage_ids)`,
            )
            .run(reason, this.now()).changes,
      ),
    )();
  }

  /** Marks blobs by content hash (hex), as a worker thread reports them. */
  markBySha(shas: readonly string[], reason: string): number {
    if (shas.length === 0) return 0;
    const find = this.db.prepare('SELECT id FROM blobs WHERE sha256 = ?').pluck();
    const ids = shas.flatMap((sha) => {
      const id = find.get(Buffer.from(sha, 'hex')) as number | undefined;
      return id === undefined ? [] : [id];
    });
    return this.mark(ids, reason);
  }

  /** Blobs that read back fine after all (a pack put back in place): no longer damaged. */
  clear(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() =>
      withIds(this.db, ids, () =>
        this.db
          .prepare('DELETE FROM damaged_blobs WHERE blob_id IN (SELECT id FROM temp.damage_ids)')
          .run(),
      ),
    )();
  }

  /** Every damaged or lost blob (and delta whose base is), with why. */
  list(): { id: number; sha256: Buffer; reason: string; lost: boolean }[] {
    return this.db
      .prepare(
        `SELECT b.id, b.sha256,
           coalesce(d.reason, CASE WHEN b.pack_id IS NULL THEN 'no pack holds it'
             ELSE 'a delta whose base blob does not read back' END) AS reason,
           b.pack_id IS NULL AS lost
         FROM blobs b LEFT JOIN damaged_blobs d ON d.blob_id = b.id
         WHERE b.id IN (${UNREADABLE}) ORDER BY b.id`,
      )
      .all()
      .map((r) => {
        const row = r as { id: number; sha256: Buffer; reason: string; lost: number };
        return { ...row, lost: row.lost === 1 };
      });
  }

  /** Ids of damaged or lost blobs (usually none). */
  ids(): Set<number> {
    return new Set(this.db.prepare(UNREADABLE).pluck().all() as number[]);
  }

  /** Module versions with a damaged or lost file: a snapshot reads them again. */
  versions(): Set<number> {
    return new Set(
      this.db
        .prepare(
          `SELECT DISTINCT f.version_id FROM version_files f WHERE f.blob_id IN (${UNREADABLE})`,
        )
        .pluck()
        .all() as number[],
    );
  }
}

/**
 * Marks the blobs of packs that are gone or shorter than recorded (a stat per pack: cheap enough
 * for every snapshot), so the snapshot stores their content again instead of naming it.
 */
export function markUnreachable(db: Db, packsDir: string, now: () => number): number {
  const damage = new BlobDamage(db, now);
  const inPack = db.prepare('SELECT id FROM blobs WHERE pack_id = ? AND offset + stored_size > ?');
  let marked = 0;
  for (const p of db.prepare('SELECT id, name, size FROM packs').all() as PackFacts[]) {
    const size = statSync(path.join(packsDir, p.name), { throwIfNoEntry: false })?.size;
    if (size !== undefined && size >= p.size) continue;
    const ids = inPack.pluck().all(p.id, size ?? -1) as number[];
    marked += damage.mark(
      ids,
      size === undefined ? `its pack ${p.name} is missing` : `its pack ${p.name} is cut short`,
    );
  }
  return marked;
}

interface PackFacts {
  id: number;
  name: string;
  size: number;
}

/** What healing did for a snapshot's result: blobs stored again, older snapshots made whole. */
export function healedBy(
  db: Db,
  healed: readonly number[],
  snapshotId: string,
): { healed: number; healedSnapshots: string[] } {
  if (healed.length === 0) return { healed: 0, healedSnapshots: [] };
  const stillBroken = new Set(snapshotsUsingBlobs(db, [...new BlobDamage(db, Date.now).ids()]));
  // Restores need file data; metadata blobs only matter to `store repair`.
  const kind = db.prepare('SELECT kind FROM blobs WHERE id = ?').pluck();
  // A healed base heals the deltas against it too.
  const dependents = db.prepare('SELECT blob_id FROM blob_bases WHERE base_id = ?').pluck();
  const data = healed
    .filter((id) => kind.get(id) === 0)
    .flatMap((id) => [id, ...(dependents.all(id) as number[])]);
  return {
    healed: healed.length,
    healedSnapshots: snapshotsUsingBlobs(db, data).filter(
      (id) => id !== snapshotId && !stillBroken.has(id),
    ),
  };
}

const MAX_LISTED = 100;

/** What each snapshot lost: its versions and files with damaged or lost blobs. */
export function snapshotLosses(db: Db): SnapshotLoss[] {
  const bad = [...new BlobDamage(db, Date.now).ids()];
  if (bad.length === 0) return [];
  return withIds(db, bad, () => {
    const ids = 'SELECT id FROM temp.damage_ids';
    const versions = db.prepare(
      `SELECT v.path || '@' || v.version FROM version_set_items i JOIN module_versions v ON v.id = i.version_id
       WHERE i.set_id = ? AND (i.mod_blob IN (${ids}) OR i.info_blob IN (${ids})
         OR EXISTS (SELECT 1 FROM version_files f WHERE f.version_id = v.id AND f.blob_id IN (${ids})))
       ORDER BY v.path, v.version`,
    );
    const files = db.prepare(
      `SELECT count(*) FROM file_set_items WHERE set_id = ? AND blob_id IN (${ids})`,
    );
    const blobs = db.prepare(
      `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM blobs WHERE id IN (${ids}) AND (
         id IN (SELECT f.blob_id FROM version_files f JOIN version_set_items i ON i.version_id = f.version_id WHERE i.set_id = ?)
         OR id IN (SELECT mod_blob FROM version_set_items WHERE set_id = ?)
         OR id IN (SELECT info_blob FROM version_set_items WHERE set_id = ?)
         OR id IN (SELECT blob_id FROM file_set_items WHERE set_id = ?))`,
    );
    const snaps = db
      .prepare('SELECT id, version_set_id AS vs, file_set_id AS fs FROM snapshots ORDER BY seq')
      .all() as { id: string; vs: number; fs: number }[];
    const out: SnapshotLoss[] = [];
    for (const s of snaps) {
      const v = versions.pluck().all(s.vs) as string[];
      const f = files.pluck().get(s.fs) as number;
      if (v.length === 0 && f === 0) continue;
      const b = blobs.get(s.vs, s.vs, s.vs, s.fs) as { n: number; bytes: number };
      out.push({
        snapshot: s.id,
        versions: v.slice(0, MAX_LISTED),
        versionCount: v.length,
        files: f,
        blobs: b.n,
        bytes: b.bytes,
      });
    }
    return out;
  });
}
