import type { Db } from './migrations';

export interface SnapshotRef {
  id: string;
  time: number;
  /** How many of the versions asked about it holds (build-cache files for the build cache). */
  has: number;
}

export interface CacheVersions {
  id: string;
  time: number;
  /** "path@version" of the versions that had a zip or only .mod/.info (not tree-only ones). */
  versions: Set<string>;
}

// Which snapshots hold what a cache lost: the cache watcher's questions to the store.

/** The newest snapshot of a module cache, with its versions; null when it has none. */
export function latestOfCache(db: Db, gomodcache: string): CacheVersions | null {
  const s = db
    .prepare(
      `SELECT id, time, version_set_id AS setId FROM snapshots
       WHERE gomodcache = ? AND kind = 'snapshot' ORDER BY seq DESC LIMIT 1`,
    )
    .get(gomodcache) as { id: string; time: number; setId: number } | undefined;
  if (!s) return null;
  const keys = db
    .prepare(
      `SELECT v.path || '@' || v.version FROM version_set_items i JOIN module_versions v ON v.id = i.version_id
       WHERE i.set_id = ? AND v.source != 'tree'`,
    )
    .pluck()
    .all(s.setId) as string[];
  return { id: s.id, time: s.time, versions: new Set(keys) };
}

/**
 * The snapshot to restore lost versions from: the one holding most of them, the newest of
 * those (a snapshot of this very cache preferred among equals).
 */
export function newestHolding(
  db: Db,
  gomodcache: string,
  keys: Iterable<string>,
): SnapshotRef | null {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS lost_versions (path TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (path, version))',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO lost_versions (path, version) VALUES (?, ?)');
  try {
    db.transaction(() => {
      db.exec('DELETE FROM lost_versions');
      for (const key of keys) {
        const at = key.lastIndexOf('@');
        insert.run(key.slice(0, at), key.slice(at + 1));
      }
    })();
    const row = db
      .prepare(
        `SELECT s.id, s.time, count(DISTINCT l.path || '@' || l.version) AS has FROM snapshots s
         JOIN version_set_items i ON i.set_id = s.version_set_id
         JOIN module_versions v ON v.id = i.version_id
         JOIN lost_versions l ON l.path = v.path AND l.version = v.version
         GROUP BY s.id ORDER BY has DESC, (s.gomodcache = ?) DESC, s.seq DESC LIMIT 1`,
      )
      .get(gomodcache) as SnapshotRef | undefined;
    return row ?? null;
  } finally {
    db.exec('DELETE FROM lost_versions');
  }
}

/** The newest snapshot that includes this build cache. */
export function newestWithBuildCache(db: Db, gocache: string): SnapshotRef | null {
  const row = db
    .prepare(
      `SELECT id, time, gocache_files AS has FROM snapshots WHERE gocache = ? ORDER BY seq DESC LIMIT 1`,
    )
    .get(gocache) as SnapshotRef | undefined;
  return row ?? null;
}

/** When the newest snapshot (taken, not imported) was made; null without one. */
export function newestSnapshotTime(db: Db, gomodcache?: string): number | null {
  const row = (
    gomodcache === undefined
      ? db.prepare(`SELECT max(time) FROM snapshots WHERE kind = 'snapshot'`).pluck().get()
      : db
          .prepare(`SELECT max(time) FROM snapshots WHERE kind = 'snapshot' AND gomodcache = ?`)
          .pluck()
          .get(gomodcache)
  ) as number | null;
  return row ?? null;
}
