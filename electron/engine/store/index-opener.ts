import { accessSync, constants, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineError, errnoCode } from '../errors';
import type { Db } from './migrations';
import { latestVersion, schemaVersion } from './migrations';
import { openIndex } from './store-db';
import type { StoreContents, StoreFolders } from './store-health';
import {
  DamagedStoreError,
  holdsBackups,
  inspectIndexFile,
  listStore,
  schemaProblem,
} from './store-health';

/** Why the store cannot be written: its medium, or the permissions of its folder. */
export type ReadOnlyReason = 'read-only-medium' | 'no-permission';

export interface OpenedIndex {
  db: Db;
  /** Set when the store cannot be written: the index is then a private, read-only copy. */
  readOnly: ReadOnlyReason | null;
  /** The folder holding that copy (removed on close). */
  copyDir: string | null;
  /** Device and inode of the index file that was opened. */
  identity: string | null;
}

/** Identifies the index file, to notice when it is replaced or removed under an open connection. */
export function fileIdentity(file: string): string | null {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}` : null;
}

/** Whether this process may write the store folder and its index. */
export function readOnlyReason(f: StoreFolders): ReadOnlyReason | null {
  for (const target of [f.dir, f.index]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT') continue;
      if (code === 'EROFS') return 'read-only-medium';
      if (code === 'EACCES' || code === 'EPERM') return 'no-permission';
      throw e;
    }
  }
  return null;
}

export function readOnlyError(f: StoreFolders, reason: ReadOnlyReason, what: string): EngineError {
  return new EngineError(
    'READ_ONLY',
    `The backup store ${f.dir} is read-only (${reason === 'read-only-medium' ? 'it is on a read-only file system' : 'your user may not write to it'}): ${what} needs to write to it.`,
    {
      path: f.dir,
      fix:
        reason === 'read-only-medium'
          ? 'Reading works as it is (snapshots, diff, check, export, restore, serve). To write, remount the disk read-write, or copy the store to a writable disk and pass --store.'
          : 'Reading works as it is (snapshots, diff, check, export, restore, serve). To write, run as the user who owns the store or make the folder writable by your user (ModVault never needs sudo), or copy the store and pass --store.',
    },
  );
}

const causeOf = (e: EngineError) => (e.cause instanceof Error ? e.cause.message : e.message);

function nonEmpty(file: string): boolean {
  return (statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

/** Store contents, counting a write-ahead log left without its index as a sign of backups. */
function contentsOf(f: StoreFolders): StoreContents & { wal: boolean } {
  return { ...listStore(f), wal: nonEmpty(`${f.index}-wal`) };
}

const damaged = (
  f: StoreFolders,
  c: StoreContents & { wal: boolean },
  state: DamagedStoreError['damage'],
  detail: string,
) =>
  new DamagedStoreError(
    f,
    state,
    c.wal && !holdsBackups(c) ? `${detail} (index.sqlite-wal is still there)` : detail,
    c,
  );

/**
 * Opens the index of a store, refusing one that cannot describe the store: an index that is
 * missing, empty, not a database, corrupt or without the schema while the folder holds packs,
 * manifests, a kept copy or a write-ahead log is a damaged store (only an empty folder is a new
 * one). A store this process cannot write is read from a private copy of its index (with its
 * write-ahead log), so a read-only disk or another user's store can be listed and restored
 * from: SQLite cannot open a WAL database in place where it cannot create its -shm file.
 * Returns null when there is no store yet and `create` is false.
 */
export async function openStoreIndex(
  f: StoreFolders,
  create: boolean,
): Promise<OpenedIndex | null> {
  const file = inspectIndexFile(f.index);
  if (file.state !== 'present') {
    const c = contentsOf(f);
    if (file.state === 'missing' || file.state === 'empty') {
      if (holdsBackups(c) || c.wal) throw damaged(f, c, file.state, file.detail);
      if (!create) return null;
      rmSync(f.index, { force: true });
    } else throw damaged(f, c, file.state, file.detail);
  }
  const inspect = (db: Db) => {
    const problem = schemaProblem(db);
    const bare = problem === null && schemaVersion(db) === 0;
    if (problem !== null || (bare && holdsBackups(contentsOf(f))))
      throw damaged(f, contentsOf(f), 'no-schema', problem ?? 'is an empty database');
    // A cheap read of the tables everything starts from reveals most damage at once.
    if (!bare)
      db.prepare('SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM packs)').get();
  };
  const readOnly = readOnlyReason(f);
  const identity = fileIdentity(f.index);
  if (readOnly) return { ...(await openCopy(f, inspect)), readOnly, identity };
  try {
    const db = await openIndex(f.index, true, { inspect });
    return { db, readOnly: null, copyDir: null, identity: fileIdentity(f.index) };
  } catch (e) {
    if (e instanceof EngineError && e.code === 'CORRUPT' && !(e instanceof DamagedStoreError))
      throw damaged(f, contentsOf(f), 'corrupt', `is damaged (${causeOf(e)})`);
    throw e;
  }
}

/** A private copy of the index and its write-ahead log, migrated if old, then opened read-only. */
async function openCopy(
  f: StoreFolders,
  inspect: (db: Db) => void,
): Promise<{ db: Db; copyDir: string }> {
  const copyDir = mkdtempSync(path.join(tmpdir(), 'modvault-readonly-index-'));
  const copy = path.join(copyDir, 'index.sqlite');
  try {
    copyFileSync(f.index, copy);
    if (nonEmpty(`${f.index}-wal`)) copyFileSync(`${f.index}-wal`, `${copy}-wal`);
    const current = await openIndex(copy, false, { inspect });
    const upToDate = schemaVersion(current) === latestVersion();
    current.close();
    if (!upToDate) throw new Error('internal: the copy of the index was not migrated');
    return { db: await openIndex(copy, false, { readonly: true }), copyDir };
  } catch (e) {
    rmSync(copyDir, { recursive: true, force: true });
    if (e instanceof EngineError && e.code === 'CORRUPT' && !(e instanceof DamagedStoreError))
      throw damaged(f, contentsOf(f), 'corrupt', `is damaged (${causeOf(e)})`);
    throw e;
  }
}
