import type { Db } from './migrations';

/**
 * Ids of the snapshots whose contents include any of these blobs (oldest first), counting the
 * metadata blobs their manifests point to (their version and file lists, problems).
 */
export function snapshotsUsingBlobs(db: Db, blobIds: number[]): string[] {
  if (blobIds.length === 0) return [];
  db.exec('CREATE TEMP TABLE IF NOT EXISTS affected_blobs (id INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM affected_blobs');
  const insert = db.prepare('INSERT OR IGNORE INTO affected_blobs (id) VALUES (?)');
  db.transaction(() => blobIds.forEach((id) => insert.run(id)))();
  const ids = db
    .prepare(
      `SELECT s.id FROM snapshots s WHERE
         s.version_set_id IN (
           SELECT i.set_id FROM version_set_items i
           WHERE i.mod_blob IN (SELECT id FROM affected_blobs)
              OR i.info_blob IN (SELECT id FROM affected_blobs)
              OR i.version_id IN (SELECT f.version_id FROM version_files f WHERE f.blob_id IN (SELECT id FROM affected_blobs))
              OR i.version_id IN (SELECT v.id FROM module_versions v WHERE v.meta_blob IN (SELECT id FROM affected_blobs)))
         OR s.file_set_id IN (SELECT set_id FROM file_set_items WHERE blob_id IN (SELECT id FROM affected_blobs))
         OR s.version_set_id IN (SELECT id FROM version_sets WHERE meta_blob IN (SELECT id FROM affected_blobs))
         OR s.file_set_id IN (SELECT id FROM file_sets WHERE meta_blob IN (SELECT id FROM affected_blobs))
         OR s.problems_blob IN (SELECT id FROM affected_blobs)
       ORDER BY s.seq`,
    )
    .pluck()
    .all() as string[];
  db.exec('DELETE FROM affected_blobs');
  return ids;
}
