import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { Db } from './migrations';

/** The state of the index file itself, before SQLite is asked anything. */
export type IndexFileState = 'present' | 'missing' | 'empty' | 'garbled' | 'unreadable';

/** Why a store is damaged: its index cannot describe it (see `damagedStoreError`). */
export type IndexDamage = Exclude<IndexFileState, 'present'> | 'no-schema' | 'corrupt' | 'behind';

export const REPAIR_COMMAND = 'modvault store repair';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Tables without which an index describes nothing. */
const CORE_TABLES = ['packs', 'blobs', 'module_versions', 'version_files', 'snapshots'];

export interface StoreFolders {
  dir: string;
  index: string;
  packs: string;
  snapshots: string;
}

/** What the store folder holds besides the index: what shows it is not a new store. */
export interface StoreContents {
  /** File names in packs/ (sealed packs). */
  packs: string[];
  /** Interrupted pack writes (packs/*.pack.tmp). */
  tmpPacks: string[];
  /** File names in snapshots/ (snapshot manifests). */
  manifests: string[];
  bak: boolean;
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return [];
    throw fromErrno(e, `the store folder ${dir}`) ?? e;
  }
}

export function listStore(f: StoreFolders): StoreContents {
  const packs = names(f.packs);
  return {
    packs: packs.filter((n) => n.endsWith('.pack')),
    tmpPacks: packs.filter((n) => n.endsWith('.pack.tmp')),
    manifests: names(f.snapshots).filter((n) => n.endsWith('.json')),
    bak: statSync(`${f.index}.bak`, { throwIfNoEntry: false }) !== undefined,
  };
}

/** Whether anything but the index shows that backups were stored here. */
export function holdsBackups(c: StoreContents): boolean {
  return c.packs.length > 0 || c.manifests.length > 0 || c.bak;
}

/** Looks at the index file without SQLite: missing, 0 bytes, not a database, unreadable. */
export function inspectIndexFile(file: string): { state: IndexFileState; detail: string } {
  let fd: number;
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return { state: 'missing', detail: 'does not exist' };
    if (!st.isFile()) return { state: 'garbled', detail: 'is not a file' };
    if (st.size === 0) return { state: 'empty', detail: 'is empty (0 bytes)' };
    fd = openSync(file, 'r');
  } catch (e) {
    if (errnoCode(e) === 'EACCES' || errnoCode(e) === 'EPERM') throw fromErrno(e, file) ?? e;
    return { state: 'unreadable', detail: `cannot be read (${errnoCode(e) ?? String(e)})` };
  }
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < head.length || !head.equals(SQLITE_MAGIC))
      return { state: 'garbled', detail: 'is not an SQLite database' };
    return { state: 'present', detail: '' };
  } catch (e) {
    return { state: 'unreadable', detail: `cannot be read (${errnoCode(e) ?? String(e)})` };
  } finally {
    closeSync(fd);
  }
}

/** Whether an open database has the store's schema; null when it is a bare, new database. */
export function schemaProblem(db: Db): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  if (version === 0 && tables.size === 0) return null;
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if (version === 0) return 'is a database without the store schema';
  if (missing.length > 0) return `lacks the store tables ${missing.join(', ')}`;
  return null;
}

function describe(c: StoreContents): string {
  const parts = [];
  if (c.packs.length) parts.push(`${c.packs.length} pack${c.packs.length === 1 ? '' : 's'}`);
  if (c.manifests.length)
    parts.push(`${c.manifests.length} snapshot manifest${c.manifests.length === 1 ? '' : 's'}`);
  if (c.bak) parts.push('index.sqlite.bak');
  return parts.join(', ');
}

/**
 * What every command gives for a store whose index cannot describe it: it names the index,
 * what is wrong, what the store still holds, and the way out (nothing was changed).
 */
export class DamagedStoreError extends EngineError {
  constructor(
    f: StoreFolders,
    readonly damage: IndexDamage,
    detail: string,
    contents: StoreContents,
  ) {
    const held = describe(contents);
    super(
      'CORRUPT',
      damage === 'behind'
        ? `The store index ${f.index} is older than the store: ${detail}.`
        : `The backup store ${f.dir} is damaged: its index ${f.index} ${detail}${held ? `, but the store holds ${held}` : ''}.`,
      {
        path: f.index,
        fix: `Run \`${REPAIR_COMMAND}\` (or Repair on the Snapshots page): it rebuilds the index from the packs and snapshot manifests and moves anything unreadable aside. Nothing has been changed or deleted.`,
      },
    );
    this.name = 'DamagedStoreError';
  }
}
