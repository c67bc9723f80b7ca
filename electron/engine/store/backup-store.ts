import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StoreInfo } from '../../../shared/dto/store';
import { EngineError, fromErrno } from '../errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { FaultPoints } from './fault-points';
import type { Db } from './migrations';
import { schemaVersion } from './migrations';
import { FileIntents, PACKS_DIR, SNAPSHOTS_DIR } from './file-intents';
import type { OpenedIndex, ReadOnlyReason } from './index-opener';
import { fileIdentity, openStoreIndex, readOnlyError, readOnlyReason } from './index-opener';
import { fromSqlite } from './store-db';
import type { StoreFolders } from './store-health';
import { DamagedStoreError, listStore } from './store-health';
import { behindReason, countSnapshots } from './store-tracking';
import type { StoreLocation } from './store-location';
import type { LockOwner } from './store-lock';
import { StoreLock } from './store-lock';

const INDEX_FILE = 'index.sqlite';
const TMP_DIR = 'tmp';
const DAMAGED_DIR = 'damaged';

export interface StorePaths extends StoreFolders {
  tmp: string;
  /** Where `store repair` moves what it cannot read (never deleted). */
  damaged: string;
}

/** What a writer gets while it holds the store lock. */
export interface WriteSession {
  db: Db;
  paths: StorePaths;
  intents: FileIntents;
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
 * never load SQLite), packs/, snapshots/ (manifests), tmp/ and the writer lock. Readers share one
 * connection (a private read-only copy when the store cannot be written); a writer takes the
 * cross-process lock, creates the store if it is new, refuses a damaged one, and finishes what
 * an interrupted writer left. Only an empty folder is a new store.
 */
export class BackupStore {
  private opened: OpenedIndex | null = null;
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
      snapshots: path.join(dir, SNAPSHOTS_DIR),
      tmp: path.join(dir, TMP_DIR),
      damaged: path.join(dir, DAMAGED_DIR),
    };
  }

  exists(): boolean {
    return statSync(this.paths().index, { throwIfNoEntry: false }) !== undefined;
  }

  /** Why the store cannot be written (its medium or permissions), or null. */
  readOnly(): ReadOnlyReason | null {
    return this.opened?.readOnly ?? readOnlyReason(this.paths());
  }

  /** The open index, or null when the store has not been created yet (DamagedStoreError). */
  async reader(): Promise<Db | null> {
    this.dropIfReplaced();
    if (this.opened) return this.opened.db;
    this.opened = await openStoreIndex(this.paths(), false);
    return this.opened?.db ?? null;
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

  /** The open index when it may be written (recording damage found while reading), else null. */
  async writableReader(): Promise<Db | null> {
    const db = await this.reader().catch(() => null);
    return db && !this.opened?.readOnly ? db : null;
  }

  /**
   * Runs `fn` as the store's only writer, creating the store on first use. When `changed` says
   * the result changed the store, a copy of the index is kept (index.sqlite.bak). A store whose
   * index cannot describe it (damaged, or older than its packs and manifests) is refused before
   * anything is touched: the way back is `modvault store repair`, never a fresh index.
   */
  async write<T>(
    command: string,
    fn: (s: WriteSession) => Promise<T>,
    changed: (result: T) => boolean = () => false,
  ): Promise<T> {
    const paths = this.paths();
    const readOnly = readOnlyReason(paths);
    if (readOnly) throw readOnlyError(paths, readOnly, `\`${command}\``);
    for (const dir of [paths.dir, paths.packs, paths.snapshots, paths.tmp]) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw fromErrno(e, `the store folder ${dir}`) ?? e;
      }
    }
    const lock = StoreLock.acquire(paths.dir, { ...this.deps.lockOwner, command });
    try {
      // Another process may have changed the store since this connection was opened.
      const db = await this.openForWriting(paths);
      const contents = listStore(paths);
      const behind = await behindReason(db, contents, () => countSnapshots(`${paths.index}.bak`));
      if (behind) throw new DamagedStoreError(paths, 'behind', behind, contents);
      this.initMeta(db);
      const intents = new FileIntents(db, () => this.deps.clock.now());
      this.sweep(intents, paths);
      const result = await fn({ db, paths, intents });
      if (changed(result)) await this.copyIndex(db, paths);
      // Fold the write-ahead log into the index: the store's size is the same number whoever
      // measures it next (the snapshot's own result, `snapshots`, the dashboard).
      db.pragma('wal_checkpoint(TRUNCATE)');
      return result;
    } catch (e) {
      throw fromSqlite(e, paths.index) ?? e;
    } finally {
      lock.release();
    }
  }

  /**
   * Holds the store lock for `store repair`, which opens (or rebuilds) the index itself: the
   * shared connection is closed first and reopened by the next use.
   */
  async exclusive<T>(command: string, fn: (paths: StorePaths) => Promise<T>): Promise<T> {
    const paths = this.paths();
    const readOnly = readOnlyReason(paths);
    if (readOnly) throw readOnlyError(paths, readOnly, `\`${command}\``);
    const lock = StoreLock.acquire(paths.dir, { ...this.deps.lockOwner, command });
    try {
      this.close();
      return await fn(paths);
    } finally {
      this.close();
      lock.release();
    }
  }

  /** An index removed or replaced under the open connection is looked at anew. */
  private dropIfReplaced(): void {
    if (this.opened && this.opened.identity !== fileIdentity(this.paths().index)) this.close();
  }

  private async openForWriting(paths: StorePaths): Promise<Db> {
    this.dropIfReplaced();
    if (this.opened?.readOnly) this.close();
    if (!this.opened) this.opened = await openStoreIndex(paths, true);
    return this.opened!.db;
  }

  /** Keeps a copy of a healthy index: never of one that could not describe the store. */
  async copyIndex(db: Db, paths: StorePaths): Promise<void> {
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

  /**
   * Finishes what an interrupted writer left (its uncommitted packs and manifests, removals it
   * recorded) and clears temp files. Packs of interrupted writes that never got their intent
   * recorded are only ever *.pack.tmp files, which no index can name.
   */
  private sweep(intents: FileIntents, paths: StorePaths): void {
    intents.finish(paths.dir, this.deps.logger);
    for (const name of listStore(paths).tmpPacks)
      rmSync(path.join(paths.packs, name), { force: true });
    // Temp files of manifest writes (writeFileAtomic's ".<name>.tmp-…").
    for (const name of readdirSync(paths.snapshots))
      if (name.startsWith('.') && name.includes('.tmp-'))
        rmSync(path.join(paths.snapshots, name), { force: true });
    for (const name of readdirSync(paths.tmp))
      rmSync(path.join(paths.tmp, name), { recursive: true, force: true });
  }

  async info(): Promise<StoreInfo> {
    const loc = this.location();
    const paths = this.paths();
    let db: Db | null = null;
    let damage: StoreInfo['damage'] = null;
    try {
      db = await this.reader();
    } catch (e) {
      if (!(e instanceof DamagedStoreError)) throw e;
      damage = { message: e.message, fix: e.fix ?? '' };
    }
    const base: StoreInfo = {
      path: loc.dir,
      source: loc.source,
      exists: db !== null || damage !== null,
      readOnly: this.readOnly() !== null,
      damage,
      schemaVersion: null,
      snapshots: 0,
      packs: 0,
      blobs: 0,
      storeBytes: 0,
      packBytes: 0,
      indexBytes: 0,
      lock: StoreLock.holder(paths.dir),
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

  /**
   * The index with its write-ahead log, the copy kept of it (index.sqlite.bak) and the snapshot
   * manifests that describe it too; not the shared-memory file, which only exists while the
   * index is open.
   */
  indexBytes(): number {
    const { index, snapshots } = this.paths();
    let n = 0;
    for (const f of [index, `${index}-wal`, `${index}.bak`])
      n += statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    let manifests: string[] = [];
    try {
      manifests = readdirSync(snapshots);
    } catch {
      // No snapshots folder yet (or an older store): nothing to count.
    }
    for (const name of manifests)
      n += statSync(path.join(snapshots, name), { throwIfNoEntry: false })?.size ?? 0;
    return n;
  }

  storeBytes(db: Db): number {
    return this.packBytes(db) + this.indexBytes();
  }

  close(): void {
    this.opened?.db.close();
    if (this.opened?.copyDir) rmSync(this.opened.copyDir, { recursive: true, force: true });
    this.opened = null;
  }

  /** The store folder may have changed (settings): the next use resolves and opens it anew. */
  relocate(): void {
    this.close();
    this.resolved = null;
  }
}
