import type { Migration } from '../migrations';

/**
 * A store that can describe itself without its index, and knows what it lost:
 * - blobs.kind: data (file contents) or metadata (ModVault's JSON: a module version's file list,
 *   a snapshot's version and file sets and problems), as the record header in the pack says;
 * - blobs.pack_id may be NULL: the content is known (a snapshot names it) but no pack holds a
 *   copy — what a rebuilt index records for data that was lost, so the next snapshot of a cache
 *   that still has it stores it again and every snapshot naming it is whole again;
 * - damaged_blobs: blobs found missing or damaged (by check, a restore, a snapshot's stat of the
 *   packs); a snapshot does not reuse them, it stores the content again (healing);
 * - meta_blob of module versions, version sets and file sets, and snapshots.manifest (the name of
 *   the immutable manifest file in snapshots/) with problems_blob: what `store repair` reads;
 * - file_intents: a pack or manifest a writer is about to create, or delete once its rows are
 *   gone — so the next writer finishes or undoes exactly that, and a file no row or intent
 *   names is recognized as the index having lost track of it (never deleted as an orphan).
 */
export const selfDescribingSchema: Migration = {
  version: 3,
  name: 'self-describing',
  rebuildsTables: ['blobs'],
  up(db) {
    db.exec(`
      CREATE TABLE blobs_new (
        id INTEGER PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        crc32 INTEGER NOT NULL,
        codec INTEGER NOT NULL,
        kind INTEGER NOT NULL DEFAULT 0,
        pack_id INTEGER REFERENCES packs(id),
        offset INTEGER NOT NULL,
        stored_size INTEGER NOT NULL
      );
      INSERT INTO blobs_new (id, sha256, size, crc32, codec, kind, pack_id, offset, stored_size)
        SELECT id, sha256, size, crc32, codec, 0, pack_id, offset, stored_size FROM blobs;
      DROP TABLE blobs;
      ALTER TABLE blobs_new RENAME TO blobs;
      CREATE INDEX blobs_pack ON blobs(pack_id);

      CREATE TABLE damaged_blobs (
        blob_id INTEGER PRIMARY KEY REFERENCES blobs(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        found_at INTEGER NOT NULL
      );

      ALTER TABLE module_versions ADD COLUMN meta_blob INTEGER REFERENCES blobs(id);
      CREATE INDEX module_versions_meta ON module_versions(meta_blob);
      ALTER TABLE version_sets ADD COLUMN meta_blob INTEGER REFERENCES blobs(id);
      CREATE INDEX version_sets_meta ON version_sets(meta_blob);
      ALTER TABLE file_sets ADD COLUMN meta_blob INTEGER REFERENCES blobs(id);
      CREATE INDEX file_sets_meta ON file_sets(meta_blob);
      ALTER TABLE snapshots ADD COLUMN manifest TEXT;
      ALTER TABLE snapshots ADD COLUMN problems_blob INTEGER REFERENCES blobs(id);
      CREATE INDEX snapshots_problems ON snapshots(problems_blob);

      -- path is relative to the store folder ("packs/<name>.pack", "snapshots/<name>.json")
      CREATE TABLE file_intents (
        path TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('create', 'delete')),
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
