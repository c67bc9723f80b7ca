import type { Migration } from '../migrations';

/**
 * Delta blobs (codec 2, DeflateDict): which blob each one was encoded against. The delta's
 * stored bytes name their base too (its SHA-256), so a pack stays readable without the index;
 * this table lets prune keep every base a live delta needs, and check and restore find the base
 * without reading the delta first. A base is never a delta itself (chains are one step deep),
 * and it cannot be deleted while a delta names it (no ON DELETE on base_id).
 */
export const deltaBasesSchema: Migration = {
  version: 6,
  name: 'delta-bases',
  up(db) {
    db.exec(`
      CREATE TABLE blob_bases (
        blob_id INTEGER PRIMARY KEY REFERENCES blobs(id) ON DELETE CASCADE,
        base_id INTEGER NOT NULL REFERENCES blobs(id)
      );
      CREATE INDEX blob_bases_base ON blob_bases(base_id);
    `);
  },
};
