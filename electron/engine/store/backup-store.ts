import { mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { StoreInfo } from '../../../shared/dto/store';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { FaultPoints } from './fault-points';
import type { Db } from './migrations';
import { schemaVersion } from './migrations';
import { fromSqlite, openIndex } from './store-db';
import type { StoreLocation } from './store-location';
import type { LockOwner } from './store-lock';
import { StoreLock } from './store-lock';

const INDEX_FILE = 'index.sqlite';
const PACKS_DIR = 'packs';
const TMP_DIR = 'tmp';

export interface StorePaths {
  dir: string;
  index: string;
  packs: string;
  tmp: string;
}

/** What a writer gets while it holds the store lock. */
export interface WriteSession {
  db: Db;
  paths: StorePaths;
}

export interface BackupStoreDeps {
  /** Resolved on first use: env, settings and the OS default are read lazily. */
  location: () => StoreLocation | null;
  clock: Clock;
  logger: Logger;
  lockOwner: Omit<LockOwner, 'command'>;
  faults: FaultPoints;
  packTargetBytes: number;
}

/**
 * The store directory: index.sqlite (opened on first use, so commands that never touch the store
 * never load SQLite), packs/, tmp/ and the writer lock. Readers share one connection; a writer
 * takes the cross-process lock, creates the store if needed and sweeps what an interrupted
 * writer left behind.
 */
export class BackupStore {
  private db: Db | null = null;
  private resolved: StoreLocation | null = null;

  constructor(readonly deps: BackupStoreDeps) {}

  location(): StoreLocation {
    this.resolved ??= this.deps.location();
    if (!this.resolved)
      throw new EngineError('PATH_INVALID', 'Cannot tell where the backup store should be.', {
        fix: 'Set MODVAULT_STORE or pass --store DIR (the home folder is unknown).',
      });
    return this.resolved;
  }

  paths(): StorePaths {
    const dir = this.location().dir;
    return {
      dir,
      index: path.join(dir, INDEX_FILE),
      packs: path.join(dir, PACKS_DIR),
      tmp: path.join(dir, TMP_DIR),
    };
  }

  exists(): boolean {
    return statSync(this.paths().index, { throwIfNoEntry: false }) !== undefined;
  }

  /** The open index, or null when the store has not been created yet. */
  async reader(): Promise<Db | null> {
    if (this.db) return this.db;
    if (!this.exists()) return null;
    this.db = await openIndex(this.paths().index, false);
    return this.db;
  }

  /** The open index; NOT_FOUND when there is no store yet. */
  async requireReader(): Promise<Db> {
    const db = await this.reader();
    if (!db)
      throw new EngineError('NOT_FOUND', `There is no backup store at ${this.paths().dir} yet.`, {
        path: this.paths().dir,
        fix: 'Take a snapshot first (modvault snapshot), or point --store at an existing store.',
      });
    return db;
  }

  /**
   * Runs `fn` as the store's only writer, creating the store on first use. When `changed` says
   * the result changed the store, a copy of the index is kept (index.sqlite.bak): the way back
   * should the index ever be damaged, since the packs it describes are never rewritten in place.
   */
  async write<T>(
    command: string,
    fn: (s: WriteSession) => Promise<T>,
    changed: (result: T) => boolean = () => false,
  ): Promise<T> {
    const paths = this.paths();
    for (const dir of [paths.dir, paths.packs, paths.tmp]) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw fromErrno(e, `the store folder ${dir}`) ?? e;
      }
    }
    const lock = StoreLock.acquire(paths.dir, { ...this.deps.lockOwner, command });
    try {
      if (!this.db) this.db = await openIndex(paths.index, true);
      const db = this.db;
      this.initMeta(db);
      this.sweep(db, paths);
      const result = await fn({ db, paths });
      if (changed(result)) await this.copyIndex(db, paths);
      return result;
    } catch (e) {
      throw fromSqlite(e, paths.index) ?? e;
    } finally {
      lock.release();
    }
  }

  private async copyIndex(db: Db, paths: StorePaths): Promise<void> {
    const tmp = `${paths.index}.bak.tmp`;
    try {
      await db.backup(tmp);
      renameSync(tmp, `${paths.index}.bak`);
    } catch (e) {
      rmSync(tmp, { force: true });
      this.deps.logger.warn('could not keep a copy of the store index', { error: String(e) });
    }
  }

  private initMeta(db: Db): void {
    // Only a new store needs this: a write (and its fsync) on every open would be wasted.
    if (db.prepare('SELECT count(*) FROM store_meta').pluck().get()) return;
    const put = db.prepare('INSERT OR IGNORE INTO store_meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      put.run('created_at', new Date(this.deps.clock.now()).toISOString());
      put.run('format', 'modvault-store-1');
    })();
  }

  /** Removes packs no committed row names (an interrupted writer's) and stale temp files. */
  private sweep(db: Db, paths: StorePaths): void {
    const known = new Set(db.prepare('SELECT name FROM packs').pluck().all() as string[]);
    for (const name of readdirSync(paths.packs)) {
      if (known.has(name)) continue;
      if (!name.endsWith('.pack') && !name.endsWith('.pack.tmp')) continue;
      try {
        unlinkSync(path.join(paths.packs, name));
        this.deps.logger.info('removed an orphan pack', { pack: name });
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw fromErrno(e, `the orphan pack ${name}`) ?? e;
      }
    }
    for (const name of readdirSync(paths.tmp))
      rmSync(path.join(paths.tmp, name), { recursive: true, force: true });
  }

  async info(): Promise<StoreInfo> {
    const loc = this.location();
    const paths = this.paths();
    const db = await this.reader();
    const base: StoreInfo = {
      path: loc.dir,
      source: loc.source,
      exists: db !== null,
      schemaVersion: null,
      snapshots: 0,
      packs: 0,
      blobs: 0,
      storeBytes: 0,
      packBytes: 0,
      indexBytes: 0,
      lock: StoreLock.holder(paths.dir),
      host: this.deps.lockOwner.host,
    };
    if (!db) return base;
    const packBytes = this.packBytes(db);
    const indexBytes = this.indexBytes();
    const count = (table: string) =>
      db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return {
      ...base,
      schemaVersion: schemaVersion(db),
      snapshots: count('snapshots'),
      packs: count('packs'),
      blobs: count('blobs'),
      packBytes,
      indexBytes,
      storeBytes: packBytes + indexBytes,
    };
  }

  packBytes(db: Db): number {
    return (db.prepare('SELECT coalesce(sum(size), 0) FROM packs').pluck().get() as number) ?? 0;
  }

  /** The index with its write-ahead log. */
  indexBytes(): number {
    const { index } = this.paths();
    let n = 0;
    for (const f of [index, `${index}-wal`, `${index}-shm`])
      n += statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    return n;
  }

  storeBytes(db: Db): number {
    return this.packBytes(db) + this.indexBytes();
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  /** The store folder may have changed (settings): the next use resolves and opens it anew. */
  relocate(): void {
    this.close();
    this.resolved = null;
  }
}
