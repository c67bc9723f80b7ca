import type { Migration } from '../migrations';

/**
 * The first schema. Contents live in packs; this index says where (blobs), which zip streams
 * they came from (raw_digests, so a known deflate stream is never inflated again), what each
 * module version holds (module_versions, version_files), what each snapshot holds
 * (deduplicated version and file sets), and what the caches held last time (version_sources,
 * file_sources: stat signatures, so an unchanged cache is never read again).
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE packs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        blob_count INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      -- codec 0: stored as is; 1: a raw deflate stream (as in a zip entry)
      CREATE TABLE blobs (
        id INTEGER PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        crc32 INTEGER NOT NULL,
        codec INTEGER NOT NULL,
        pack_id INTEGER NOT NULL REFERENCES packs(id),
        offset INTEGER NOT NULL,
        stored_size INTEGER NOT NULL
      );
      CREATE INDEX blobs_pack ON blobs(pack_id);

      CREATE TABLE raw_digests (
        raw_sha256 BLOB PRIMARY KEY,
        blob_id INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE INDEX raw_digests_blob ON raw_digests(blob_id);

      -- h1 is '' for versions of which only .mod/.info were cached (source 'none')
      CREATE TABLE module_versions (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        version TEXT NOT NULL,
        h1 TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('zip', 'tree', 'none')),
        verified INTEGER NOT NULL,
        file_count INTEGER NOT NULL,
        content_bytes INTEGER NOT NULL,
        zip_bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (path, version, h1)
      );

      -- name is relative to "<path>@<version>/"; idx keeps the original zip order
      CREATE TABLE version_files (
        version_id INTEGER NOT NULL REFERENCES module_versions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        mode INTEGER,
        PRIMARY KEY (version_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX version_files_blob ON version_files(blob_id);

      -- bytes: contents of the versions plus their .mod and .info
      CREATE TABLE version_sets (
        id INTEGER PRIMARY KEY,
        digest BLOB NOT NULL UNIQUE,
        count INTEGER NOT NULL,
        bytes INTEGER NOT NULL
      );
      CREATE TABLE version_set_items (
        set_id INTEGER NOT NULL REFERENCES version_sets(id) ON DELETE CASCADE,
        version_id INTEGER NOT NULL REFERENCES module_versions(id),
        mod_blob INTEGER REFERENCES blobs(id),
        info_blob INTEGER REFERENCES blobs(id),
        PRIMARY KEY (set_id, version_id)
      ) WITHOUT ROWID;
      CREATE INDEX version_set_items_version ON version_set_items(version_id);
      CREATE INDEX version_set_items_mod ON version_set_items(mod_blob);
      CREATE INDEX version_set_items_info ON version_set_items(info_blob);

      -- area: 'modcache' (relative to GOMODCACHE), 'sumdb' (GOPATH[0]/pkg/sumdb), 'gocache'
      CREATE TABLE file_sets (
        id INTEGER PRIMARY KEY,
        digest BLOB NOT NULL UNIQUE,
        count INTEGER NOT NULL,
        bytes INTEGER NOT NULL
      );
      CREATE TABLE file_set_items (
        set_id INTEGER NOT NULL REFERENCES file_sets(id) ON DELETE CASCADE,
        area TEXT NOT NULL,
        path TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        mode INTEGER NOT NULL,
        PRIMARY KEY (set_id, area, path)
      ) WITHOUT ROWID;
      CREATE INDEX file_set_items_blob ON file_set_items(blob_id);

      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'import')),
        time INTEGER NOT NULL,
        host TEXT NOT NULL,
        gomodcache TEXT NOT NULL,
        gocache TEXT,
        go_version TEXT,
        goos TEXT,
        goarch TEXT,
        version_set_id INTEGER NOT NULL REFERENCES version_sets(id),
        file_set_id INTEGER NOT NULL REFERENCES file_sets(id),
        versions INTEGER NOT NULL,
        new_versions INTEGER NOT NULL,
        files INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        bytes_added INTEGER NOT NULL,
        gocache_files INTEGER NOT NULL,
        gocache_bytes INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        problems TEXT NOT NULL
      );
      CREATE INDEX snapshots_version_set ON snapshots(version_set_id);
      CREATE INDEX snapshots_file_set ON snapshots(file_set_id);

      -- Stat signatures of what a cache held when it was last read (root = GOMODCACHE).
      CREATE TABLE version_sources (
        root TEXT NOT NULL,
        path TEXT NOT NULL,
        version TEXT NOT NULL,
        content_sig TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES module_versions(id) ON DELETE CASCADE,
        mod_sig TEXT NOT NULL,
        mod_blob INTEGER REFERENCES blobs(id) ON DELETE CASCADE,
        info_sig TEXT NOT NULL,
        info_blob INTEGER REFERENCES blobs(id) ON DELETE CASCADE,
        PRIMARY KEY (root, path, version)
      ) WITHOUT ROWID;
      CREATE INDEX version_sources_version ON version_sources(version_id);
      CREATE INDEX version_sources_mod ON version_sources(mod_blob);
      CREATE INDEX version_sources_info ON version_sources(info_blob);

      CREATE TABLE file_sources (
        root TEXT NOT NULL,
        path TEXT NOT NULL,
        sig TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
        PRIMARY KEY (root, path)
      ) WITHOUT ROWID;
      CREATE INDEX file_sources_blob ON file_sources(blob_id);
    `);
  },
};
