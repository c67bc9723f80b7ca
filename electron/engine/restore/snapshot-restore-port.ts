import type { RestorePart } from '../../../shared/dto/restore';
import type { RefetchScope, SnapshotRestorePort } from '../doctor/snapshot-port';
import { EngineError } from '../errors';
import type { ModuleVersion } from '../gomod/layout';
import { CacheLayout, versionKey } from '../gomod/layout';
import type { BackupStore } from '../store/backup-store';
import { BlobIndex } from '../store/blob-index';
import { BlobReader } from '../store/blob-reader';
import { SnapshotCatalog } from '../store/snapshot-catalog';
import type { GoEnvService } from '../toolchain/go-env';
import { writableTreesFor } from '../gomod/tree-scheme';
import type { RestoreExecutor } from './restore-executor';
import type { PlannedVersion } from './restore-planner';

const PARTS: Record<RefetchScope, RestorePart[]> = {
  zip: ['zip', 'tree', 'ziphash'],
  mod: ['mod'],
  info: ['info'],
};

/**
 * The doctor's way to the store: which snapshot holds a version (the newest one, preferring a
 * copy with the h1 the doctor trusts), and restoring that version's parts with the restore
 * engine (the same writer, locks and checks as `modvault restore`).
 */
export class SnapshotVersionRestorer implements SnapshotRestorePort {
  constructor(
    private readonly store: BackupStore,
    private readonly executor: RestoreExecutor,
    private readonly goEnv: GoEnvService,
  ) {}

  async latestHolding(m: ModuleVersion, h1?: string): Promise<{ snapshotId: string } | null> {
    const db = await this.store.reader().catch(() => null);
    if (!db) return null;
    const row = db
      .prepare(
        `SELECT s.id FROM snapshots s
         JOIN version_set_items i ON i.set_id = s.version_set_id
         JOIN module_versions v ON v.id = i.version_id
         WHERE v.path = ? AND v.version = ? AND v.source != 'none' AND (? IS NULL OR v.h1 = ?)
         ORDER BY s.seq DESC LIMIT 1`,
      )
      .pluck()
      .get(m.path, m.version, h1 ?? null, h1 ?? null) as string | undefined;
    return row ? { snapshotId: row } : null;
  }

  async restoreVersion(req: {
    snapshotId: string;
    gomodcache: string;
    version: ModuleVersion;
    scopes: RefetchScope[];
    signal?: AbortSignal;
  }): Promise<void> {
    const db = await this.store.requireReader();
    const catalog = new SnapshotCatalog(db);
    const snap = catalog.get(req.snapshotId);
    const v = catalog.versions(snap).find((x) => versionKey(x) === versionKey(req.version));
    if (!v || v.source === 'none')
      throw new EngineError(
        'NOT_FOUND',
        `Snapshot ${snap.id} does not hold ${versionKey(req.version)}.`,
      );
    const files = await catalog.versionFileBlobs(v.versionId);
    const parts = [...new Set(req.scopes.flatMap((s) => PARTS[s]))].filter(
      (p) =>
        (p !== 'mod' || v.modBlob !== null || files.length > 0) &&
        (p !== 'info' || v.infoBlob !== null),
    );
    const planned: PlannedVersion = {
      path: v.path,
      version: v.version,
      h1: v.h1,
      status: 'missing',
      reason: null,
      parts,
      bytes: v.zipBytes + v.contentBytes,
      needsRepair: false,
      v,
      files,
      scanned: null,
      leftovers: [],
      blocks: 0,
      conflicts: [],
    };
    const { outcomes } = await this.executor.execute({
      layout: new CacheLayout(req.gomodcache),
      packsDir: this.store.paths().packs,
      blobs: new BlobReader(new BlobIndex(db), this.store.paths().packs),
      cacheRW: await writableTreesFor(req.gomodcache, (await this.goEnv.get()).vars.GOFLAGS),
      links: false,
      versions: [planned],
      signal: req.signal,
    });
    const error = outcomes.find((o) => o.error)?.error;
    if (error)
      throw new EngineError(error.code, error.message, { path: error.path, fix: error.fix });
  }
}
