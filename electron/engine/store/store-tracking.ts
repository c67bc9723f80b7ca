import { readFileSync } from 'node:fs';
import type { Db } from './migrations';
import { migrate } from './migrations';
import { FileIntents, manifestPath, packPath } from './file-intents';
import type { StoreContents } from './store-health';

/** Packs and manifests in the store that the index neither lists nor expects. */
export interface Untracked {
  packs: string[];
  manifests: string[];
}

export function untrackedFiles(db: Db, c: StoreContents): Untracked {
  const intents = new FileIntents(db, Date.now).paths();
  const packs = new Set(db.prepare('SELECT name FROM packs').pluck().all() as string[]);
  const manifests = new Set(
    db
      .prepare('SELECT manifest FROM snapshots WHERE manifest IS NOT NULL')
      .pluck()
      .all() as string[],
  );
  return {
    packs: c.packs.filter((n) => !packs.has(n) && !intents.has(packPath(n))),
    manifests: c.manifests.filter((n) => !manifests.has(n) && !intents.has(manifestPath(n))),
  };
}

/** Why the index cannot be the whole story of this store, or null when it can. */
export async function behindReason(
  db: Db,
  c: StoreContents,
  bakSnapshots: () => Promise<number>,
): Promise<string | null> {
  const u = untrackedFiles(db, c);
  const parts: string[] = [];
  if (u.manifests.length)
    parts.push(
      `${u.manifests.length} snapshot manifest${u.manifests.length === 1 ? '' : 's'} in snapshots/ (${u.manifests.slice(0, 3).join(', ')}${u.manifests.length > 3 ? ', …' : ''})`,
    );
  if (u.packs.length)
    parts.push(
      `${u.packs.length} pack${u.packs.length === 1 ? '' : 's'} in packs/ (${u.packs.slice(0, 3).join(', ')}${u.packs.length > 3 ? ', …' : ''})`,
    );
  if (parts.length) return `it does not know ${parts.join(' and ')}`;
  // A new, empty index over a store whose kept copy describes snapshots: replaced, not new.
  const empty = db.prepare(
    'SELECT (SELECT count(*) FROM snapshots) + (SELECT count(*) FROM packs)',
  );
  if (c.bak && (empty.pluck().get() as number) === 0) {
    const n = await bakSnapshots();
    if (n > 0) return `it holds no snapshots, but index.sqlite.bak describes ${n}`;
  }
  return null;
}

/**
 * Opens a copy of an index file in memory, without touching the file or creating -wal/-shm
 * files beside it (a WAL database is opened as a rollback one: it has no log here). With
 * `migrate`, an older schema is brought up to date in memory.
 */
export async function openInMemory(file: string, opts: { migrate?: boolean } = {}): Promise<Db> {
  const { default: Database } = await import('better-sqlite3');
  const bytes = readFileSync(file);
  if (bytes.length >= 20) bytes.writeUInt16BE(0x0101, 18);
  const db = new Database(bytes, { readonly: !opts.migrate }) as Db;
  try {
    if (opts.migrate) migrate(db, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Snapshots an index file describes (0 when it cannot be read). */
export async function countSnapshots(file: string): Promise<number> {
  try {
    const db = await openInMemory(file);
    try {
      return db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
