import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { RepairMovedAside, RepairResult } from '../../../shared/dto/store';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { WorkerPool } from '../platform/worker-pool';
import type { BackupStore, StorePaths, WriteSession } from './backup-store';
import { BlobIndex } from './blob-index';
import { BlobReader } from './blob-reader';
import { BlobSink } from './blob-sink';
import { snapshotLosses } from './blob-damage';
import { fromIndex, fromManifest, MetadataReader } from './described-snapshots';
import type { FaultPoints } from './fault-points';
import { FileIntents } from './file-intents';
import type { Db } from './migrations';
import { PackRepair } from './pack-repair';
import { describeRecorded } from './snapshot-commit';
import type { SnapshotManifest } from './snapshot-manifest';
import { readManifest } from './snapshot-manifest';
import { SnapshotRebuilder } from './snapshot-rebuilder';
import type { StoreChecker } from './store-checker';
import { openIndex } from './store-db';
import { DamagedStoreError, inspectIndexFile, listStore, schemaProblem } from './store-health';
import { behindReason, openInMemory } from './store-tracking';

export interface StoreRepairerDeps {
  store: BackupStore;
  pool: WorkerPool;
  checker: StoreChecker;
  clock: Clock;
  logger: Logger;
  faults: FaultPoints;
}

export interface RepairOptions {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

type IndexVerdict = { state: RepairResult['index']; detail: string; db: Db | null };

/** Tables kept from index.sqlite.bak when the index is rebuilt: settings the packs cannot hold. */
const KEPT_TABLES = ['schedules', 'schedule_state'];

/**
 * `modvault store repair`, like restic's `repair index` and `repair snapshots` in one: an index
 * that cannot describe the store (missing, empty, not a database, corrupt, without the schema)
 * is moved aside and rebuilt from the packs' record headers and the snapshot manifests (plus
 * whatever index.sqlite.bak adds); an intact index is checked against every pack (read back),
 * gets the packs and snapshots it does not know, and has what is damaged or lost marked, so the
 * next snapshot stores it again. Nothing is ever deleted: what cannot be read is moved into the
 * store's damaged/ folder, and the result says so.
 */
export class StoreRepairer {
  constructor(private readonly d: StoreRepairerDeps) {}

  repair(opts: RepairOptions = {}): Promise<RepairResult> {
    return this.d.store.exclusive('store repair', (paths) => this.run(paths, opts));
  }

  private async run(paths: StorePaths, opts: RepairOptions): Promise<RepairResult> {
    const started = this.d.clock.now();
    const progress = opts.progress ?? (() => {});
    const now = () => this.d.clock.now();
    for (const dir of [paths.dir, paths.packs, paths.snapshots, paths.tmp])
      mkdirSync(dir, { recursive: true });
    const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
    const movedAside: RepairMovedAside[] = [];
    const moveAside = (file: string, reason: string): RepairMovedAside => {
      const to = path.join(paths.damaged, stamp, path.relative(paths.dir, file));
      mkdirSync(path.dirname(to), { recursive: true });
      renameSync(file, to);
      const entry = { from: file, to, reason };
      movedAside.push(entry);
      this.d.logger.warn('moved aside what could not be read', { ...entry });
      return entry;
    };

    progress({ phase: 'inspecting the index' });
    const verdict = await this.inspect(paths);
    let db = verdict.db;
    const rebuilt = db === null;
    if (!db) {
      for (const f of [paths.index, `${paths.index}-wal`, `${paths.index}-shm`])
        if (existsSync(f)) moveAside(f, `the index ${verdict.detail}`);
      db = await openIndex(paths.index, true);
    }
    try {
      const s: WriteSession = { db, paths, intents: new FileIntents(db, now) };
      this.settleIntents(s);
      if (!rebuilt) {
        // Every pack the index knows, read back: what is damaged or gone gets marked.
        progress({ phase: 'reading indexed packs' });
        await this.d.checker.check(db, paths, {
          readData: 100,
          mark: true,
          signal: opts.signal,
          progress,
        });
      }
      const packs = await new PackRepair({
        pool: this.d.pool,
        faults: this.d.faults,
        packTargetBytes: this.d.store.deps.packTargetBytes,
        now,
        moveAside,
        signal: opts.signal,
        progress,
      }).run(s);
      progress({ phase: 'recovering snapshots' });
      const { recovered, unrecoverable } = await this.snapshots(s, moveAside);
      if (rebuilt) recovered.push(...(await this.fromKeptCopy(db, paths)));
      progress({ phase: 'writing manifests' });
      const sink = this.sink(s);
      let manifestsWritten: number;
      try {
        manifestsWritten = await describeRecorded(s, sink);
      } catch (e) {
        await sink.abort();
        throw e;
      }
      const losses = snapshotLosses(db);
      const bak = `${paths.index}.bak`;
      // The copy from before the repair is kept, not overwritten, when the index was rebuilt.
      if (rebuilt && existsSync(bak))
        moveAside(bak, 'the copy of the index from before the repair');
      await this.d.store.copyIndex(db, paths);
      const damaged = db.prepare('SELECT count(*) FROM damaged_blobs').pluck().get() as number;
      const lost = db.prepare('SELECT count(*) FROM blobs WHERE pack_id IS NULL').pluck().get();
      const snapshots = db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
      return {
        index: verdict.state,
        rebuilt,
        ...packs,
        blobsDamaged: damaged + (lost as number),
        snapshots,
        snapshotsRecovered: recovered,
        manifestsWritten,
        movedAside,
        losses,
        ok: losses.length === 0 && unrecoverable === 0,
        durationMs: this.d.clock.now() - started,
      };
    } finally {
      db.close();
    }
  }

  /** Whether the index can be kept (checked and completed) or must be rebuilt. */
  private async inspect(paths: StorePaths): Promise<IndexVerdict> {
    const file = inspectIndexFile(paths.index);
    if (file.state !== 'present') return { state: file.state, detail: file.detail, db: null };
    let db: Db;
    try {
      db = await openIndex(paths.index, true, {
        inspect: (d) => {
          const problem = schemaProblem(d);
          if (problem) throw new DamagedStoreError(paths, 'no-schema', problem, listStore(paths));
        },
      });
    } catch (e) {
      if (e instanceof DamagedStoreError)
        return { state: 'no-schema', detail: e.message, db: null };
      if (e instanceof Error && 'code' in e && e.code === 'CORRUPT')
        return { state: 'corrupt', detail: `is damaged (${e.message})`, db: null };
      throw e;
    }
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') {
      db.close();
      return { state: 'corrupt', detail: `is damaged (${check})`, db: null };
    }
    const behind = await behindReason(db, listStore(paths), async () => 0);
    return behind ? { state: 'behind', detail: behind, db } : { state: 'ok', detail: '', db };
  }

  /**
   * Removals an interrupted writer recorded are carried out (their rows are gone); files it was
   * creating are kept: complete packs and manifests are added below like any the index lacks.
   */
  private settleIntents(s: WriteSession): void {
    const rows = s.db.prepare('SELECT path, action FROM file_intents').all() as {
      path: string;
      action: string;
    }[];
    s.intents.removeNow(
      s.paths.dir,
      rows.filter((r) => r.action === 'delete').map((r) => r.path),
    );
    s.db.prepare("DELETE FROM file_intents WHERE action = 'create'").run();
  }

  /** Adds the snapshots of manifests the index lacks; damaged manifests move aside. */
  private async snapshots(
    s: WriteSession,
    moveAside: (file: string, reason: string) => RepairMovedAside,
  ): Promise<{ recovered: string[]; unrecoverable: number }> {
    const { db, paths } = s;
    let unrecoverable = 0;
    const rebuilder = new SnapshotRebuilder(db, () => this.d.clock.now());
    const meta = new MetadataReader(db, new BlobReader(new BlobIndex(db), paths.packs));
    const named = new Map(
      (
        db.prepare('SELECT manifest, id FROM snapshots WHERE manifest IS NOT NULL').all() as {
          manifest: string;
          id: string;
        }[]
      ).map((r) => [r.manifest, r.id]),
    );
    const unnamed = db.prepare('UPDATE snapshots SET manifest = NULL WHERE id = ?');
    const present = new Set(listStore(paths).manifests);
    // A manifest gone from the folder is written again from the index.
    for (const [name, id] of named) if (!present.has(name)) unnamed.run(id);
    const recovered: string[] = [];
    const readings: { name: string; m: SnapshotManifest }[] = [];
    for (const name of [...present].sort()) {
      const file = path.join(paths.snapshots, name);
      try {
        readings.push({ name, m: readManifest(file) });
      } catch (e) {
        const id = named.get(name);
        if (id) unnamed.run(id);
        else unrecoverable++;
        moveAside(
          file,
          id
            ? `the manifest of snapshot ${id} is damaged (${(e as Error).message}); it is written again from the index`
            : `snapshot manifest damaged (${(e as Error).message}): the snapshot it described cannot be recovered from it`,
        );
      }
    }
    for (const { name, m } of readings.sort((a, b) => a.m.seq - b.m.seq)) {
      if (rebuilder.has(m.id)) continue;
      const reading = await fromManifest(m, name, meta);
      if (!reading.snapshot) {
        unrecoverable++;
        moveAside(
          path.join(paths.snapshots, name),
          `snapshot ${m.id} cannot be recovered: ${reading.missing.join('; ')}`,
        );
        continue;
      }
      rebuilder.insert(reading.snapshot);
      recovered.push(m.id);
      if (reading.missing.length)
        this.d.logger.warn('a snapshot was recovered without some of its parts', {
          snapshot: m.id,
          missing: reading.missing,
        });
    }
    return { recovered, unrecoverable };
  }

  /** Snapshots only the kept copy of the index knows (taken before manifests existed). */
  private async fromKeptCopy(db: Db, paths: StorePaths): Promise<string[]> {
    const bak = `${paths.index}.bak`;
    if (!existsSync(bak)) return [];
    let src: Db;
    try {
      src = await openInMemory(bak, { migrate: true });
    } catch (e) {
      this.d.logger.warn('index.sqlite.bak cannot be read', { error: String(e) });
      return [];
    }
    try {
      const rebuilder = new SnapshotRebuilder(db, () => this.d.clock.now());
      const recovered: string[] = [];
      for (const d of fromIndex(src)) {
        if (rebuilder.has(d.record.id)) continue;
        rebuilder.insert(d);
        recovered.push(d.record.id);
      }
      for (const table of KEPT_TABLES) copyRows(src, db, table);
      return recovered;
    } finally {
      src.close();
    }
  }

  private sink(s: WriteSession): BlobSink {
    return BlobSink.forSession(s, {
      packTargetBytes: this.d.store.deps.packTargetBytes,
      faults: this.d.faults,
      now: () => this.d.clock.now(),
    });
  }
}

/** Copies a table's rows into an empty table of the same name. */
function copyRows(src: Db, dst: Db, table: string): void {
  if ((dst.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) > 0) return;
  const rows = src.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const insert = dst.prepare(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
  );
  dst.transaction(() => rows.forEach((r) => insert.run(...cols.map((c) => r[c]))))();
}
