import { EngineError, fromErrno } from '../errors';
import type { Db } from './migrations';
import { assertKnownVersion, migrate } from './migrations';
import { loadSqlite } from './sqlite-binding';
import { REPAIR_COMMAND } from './store-health';

interface SqliteError {
  code?: unknown;
  message: string;
}

/** Maps SQLite's errors to messages that name the index file and say what to do. */
export function fromSqlite(e: unknown, file: string): EngineError | null {
  if (e instanceof EngineError) return e;
  const errno = fromErrno(e, `the store index ${file}`);
  if (errno) return errno;
  const code = String((e as SqliteError)?.code ?? '');
  const message = (e as SqliteError)?.message ?? String(e);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return new EngineError('CORRUPT', `The store index ${file} is damaged (${message}).`, {
      path: file,
      fix: `Run \`${REPAIR_COMMAND}\`: it rebuilds the index from the packs and snapshot manifests (nothing is deleted; anything unreadable is moved aside).`,
      cause: e,
    });
  if (code === 'SQLITE_FULL')
    return new EngineError('NO_SPACE', `The disk is full while writing the store index ${file}.`, {
      path: file,
      fix: 'Free some space on that volume (nothing stored was lost), then run the snapshot again.',
      cause: e,
    });
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_CANTOPEN')
    return new EngineError(
      'PERMISSION_DENIED',
      `Cannot write the store index ${file} (${message}).`,
      {
        path: file,
        fix: 'Make the store folder writable by your user, or choose another store with --store.',
        cause: e,
      },
    );
  if (code === 'SQLITE_BUSY')
    return new EngineError('BUSY', `The store index ${file} is busy.`, {
      path: file,
      fix: 'Another ModVault is using the store; try again in a moment.',
      cause: e,
    });
  if (code.startsWith('SQLITE_IOERR'))
    return new EngineError(
      'INTERNAL',
      `Input/output error on the store index ${file} (${message}).`,
      {
        path: file,
        fix: 'Check the disk holding the store.',
        cause: e,
      },
    );
  return null;
}

/**
 * Opens (creating when asked) and migrates the store index. better-sqlite3 is loaded here, on
 * first use, so commands that never touch the store never load the native module. `inspect`
 * sees the database before anything is changed (it throws to refuse it); `readonly` opens a
 * database that is already current without ever writing it.
 */
export async function openIndex(
  file: string,
  create: boolean,
  opts: { inspect?: (db: Db) => void; readonly?: boolean } = {},
): Promise<Db> {
  const Database = await loadSqlite();
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: !create, readonly: opts.readonly ?? false });
    db.pragma('busy_timeout = 10000');
    // Reading the schema is what reveals a file that is not a database.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    opts.inspect?.(db);
    if (opts.readonly) {
      assertKnownVersion(db, file);
      return db;
    }
    db.pragma('journal_mode = WAL');
    // FULL: a committed snapshot survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (e) {
    db?.close();
    throw fromSqlite(e, file) ?? e;
  }
}
