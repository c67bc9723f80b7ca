import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import type { RestoreMode, RestorePlan, RestoreResult } from '../../../shared/dto/restore';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { GoSum } from '../gomod/gosum';
import { readGoSum } from '../gomod/gosum';
import { CacheLayout, TOOLCHAIN_MODULE, versionKey } from '../gomod/layout';
import type { ProjectFinder } from '../gomod/project-finder';
import type { SettingsStore } from '../settings/settings-store';
import { BlobIndex } from '../store/blob-index';
import { BlobReader } from '../store/blob-reader';
import type { DamageRecorder } from '../store/damage-recorder';
import type { BackupStore } from '../store/backup-store';
import type { SnapshotRecord } from '../store/snapshot-catalog';
import { SnapshotCatalog } from '../store/snapshot-catalog';
import type { GoEnvService } from '../toolchain/go-env';
import { writableTreesFor } from '../gomod/tree-scheme';
import type { FileTarget } from './file-restorer';
import { missingFiles, restoreFiles } from './file-restorer';
import type { RepairQuarantine } from './repair-quarantine';
import type { RestoreExecutor } from './restore-executor';
import type { PlannedVersion, RestorePlanner } from './restore-planner';
import { readProjectNeeds, selectVersions, toolchainSumdbFiles } from './restore-scope';
import { runningGoOf } from '../gomod/toolchain-module';
import { doubleCheckCommand, verifyRestore } from './restore-verification';
import { TargetCheck } from './target-check';

export interface RestoreRequest {
  snapshot: string;
  mode: RestoreMode;
  projects: string[];
  modules: string[];
  target?: string;
  repair: boolean;
  gocache: boolean;
  /** Full mode: hard-link identical files between versions of a module (default). */
  links: boolean;
}

export interface RestoreHooks {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  output?: (line: string, stream?: JobOutputLine['stream']) => void;
}

export interface RestoreServiceDeps {
  store: BackupStore;
  /** Records damage the restore meets, so the next snapshot stores it again. */
  damage: DamageRecorder;
  goEnv: GoEnvService;
  settings: Pick<SettingsStore, 'get'>;
  finder: ProjectFinder;
  planner: RestorePlanner;
  executor: RestoreExecutor;
  repairs: RepairQuarantine;
  targets: TargetCheck;
  home: string;
  now: () => number;
}

const READ_FAILED = 'a restore could not read it';

/** A plan with what executing it needs. */
interface Prepared {
  plan: RestorePlan;
  versions: PlannedVersion[];
  layout: CacheLayout;
  blobs: BlobReader;
  sums: GoSum[];
  cacheRW: boolean;
  sumdb: FileTarget[];
  buildCache: FileTarget[];
  gocacheRoot: string;
}

/**
 * Restore and recovery: compares a snapshot with a module cache, shows the plan (counts, bytes,
 * room on the volume) and carries it out — missing and incomplete versions written, damaged
 * ones replaced only with --repair (their old files to the quarantine), healthy ones never
 * touched — then verifies every restored version against the snapshot and the projects' go.sum.
 */
export class RestoreService {
  constructor(private readonly d: RestoreServiceDeps) {}

  plan(req: RestoreRequest, hooks: RestoreHooks = {}): Promise<RestorePlan> {
    return this.d.damage.noticing(READ_FAILED, async () => (await this.prepare(req, hooks)).plan);
  }

  /** A restore; damaged data it meets is recorded, so the next snapshot stores it again. */
  run(req: RestoreRequest, hooks: RestoreHooks = {}): Promise<RestoreResult> {
    return this.d.damage.noticing(READ_FAILED, () => this.restore(req, hooks));
  }

  private async restore(req: RestoreRequest, hooks: RestoreHooks): Promise<RestoreResult> {
    const started = this.d.now();
    const p = await this.prepare(req, hooks);
    TargetCheck.requireSpace(p.plan.space);
    await mkdir(p.layout.root, { recursive: true }).catch((e: unknown) => {
      throw fromErrno(e, `the module cache ${p.layout.root}`) ?? e;
    });
    const damaged = p.versions.filter((v) => v.scanned);
    if (damaged.length) hooks.progress?.({ phase: 'setting damaged versions aside' });
    const aside = await this.d.repairs.setAside(p.layout, damaged, p.gocacheRoot, hooks.signal);
    const written = await this.d.executor
      .execute({
        layout: p.layout,
        packsDir: this.d.store.paths().packs,
        blobs: p.blobs,
        cacheRW: p.cacheRW,
        links: req.links,
        versions: p.versions.filter((v) => !aside.get(v)?.error),
        signal: hooks.signal,
        progress: hooks.progress,
      })
      .catch(async (e: unknown) => {
        // Canceled or failed midway: damaged copies not yet replaced go back where they were.
        for (const a of aside.values())
          if (a.quarantineId) await this.d.repairs.putBack(a.quarantineId);
        throw e;
      });
    await this.d.damage.record(
      written.outcomes.flatMap((o) => (o.damagedBlob ? [o.damagedBlob] : [])),
      READ_FAILED,
    );
    hooks.progress?.({ phase: 'restoring other files', message: null });
    const files = (targets: FileTarget[]) =>
      this.d.damage.noticing(READ_FAILED, () => restoreFiles(targets, p.blobs, hooks.signal));
    const sumdb = await files(p.sumdb);
    const build = await files(p.buildCache);
    hooks.progress?.({ phase: 'verifying' });
    const check = verifyRestore(p.layout, p.versions, written.outcomes, p.sums);
    const quarantineIds: string[] = [];
    let repaired = 0;
    for (const [v, a] of aside) {
      if (a.error) {
        check.failed.push({ path: v.path, version: v.version, reason: 'error', message: a.error });
        continue;
      }
      const ok = written.outcomes.some((o) => versionKey(o) === versionKey(v) && !o.error);
      if (ok) repaired++;
      if (!a.quarantineId) continue;
      // A failed replacement puts the old copy back: the cache is never left worse than it was.
      if (ok || !(await this.d.repairs.putBack(a.quarantineId))) quarantineIds.push(a.quarantineId);
    }
    for (const m of p.plan.notInSnapshot)
      check.failed.push({
        ...m,
        reason: 'not-in-snapshot',
        message: `snapshot ${p.plan.snapshot.id} does not hold ${m.version ? `${m.path}@${m.version}` : m.path}`,
      });
    return {
      dryRun: false,
      snapshot: p.plan.snapshot.id,
      mode: req.mode,
      target: p.layout.root,
      restored: check.restored,
      skipped: p.versions.filter((v) => v.parts.length === 0 && v.conflicts.length === 0).length,
      failed: check.failed,
      verified: check.verified,
      mismatches: check.mismatches,
      repaired,
      quarantineIds,
      filesWritten: written.filesWritten + sumdb.files + build.files,
      bytesWritten: written.bytesWritten + sumdb.bytes + build.bytes,
      buildCache: req.gocache
        ? { restored: build.files, skipped: p.plan.buildCache?.present ?? 0 }
        : null,
      goCommand: p.plan.goCommand,
      plan: p.plan,
      durationMs: this.d.now() - started,
    };
  }

  private async prepare(req: RestoreRequest, hooks: RestoreHooks): Promise<Prepared> {
    const db = await this.d.store.requireReader();
    const catalog = new SnapshotCatalog(db);
    const snap = catalog.get(req.snapshot);
    const blobs = new BlobReader(new BlobIndex(db), this.d.store.paths().packs);
    // Running `go env` costs a process start: only what needs it asks for it.
    const gomodcache = await this.d.goEnv.gomodcache();
    const layout = new CacheLayout(req.target ?? gomodcache);
    const live = layout.root === path.resolve(gomodcache);
    hooks.progress?.({ phase: 'reading projects' });
    // The toolchain a project's go/toolchain lines select depends on the go that runs here.
    const running = req.projects.length ? runningGoOf(await this.d.goEnv.get()) : undefined;
    const needs = await Promise.all(req.projects.map((dir) => readProjectNeeds(dir, running)));
    const sums = [
      ...needs.flatMap((n) => n.sums),
      ...(await this.settingsSums(needs.length > 0, gomodcache)),
    ];
    const selection = selectVersions(catalog.versions(snap), {
      projects: needs,
      modules: req.modules,
    });
    const planned = await this.d.planner.plan({
      versions: selection.versions,
      layout,
      full: req.mode === 'full',
      links: req.links,
      repair: req.repair,
      sums,
      catalog,
      blobs,
      signal: hooks.signal,
      progress: hooks.progress,
    });
    const all = needs.length === 0 && req.modules.length === 0;
    const toolchains = selection.versions.filter((s) => s.v.path === TOOLCHAIN_MODULE);
    const files = all
      ? catalog.files(snap)
      : toolchains.length
        ? toolchainSumdbFiles(
            catalog.files(snap),
            toolchains.map((s) => s.v),
          )
        : [];
    const sumdb = [
      ...missingFiles(
        files.filter((f) => f.area === 'modcache' && f.path.startsWith('cache/download/sumdb/')),
        layout.root,
      ),
      ...(live
        ? missingFiles(
            files.filter((f) => f.area === 'sumdb'),
            await this.d.goEnv.sumdbDir(),
          )
        : []),
    ];
    const gocacheRoot = req.gocache ? await this.d.goEnv.gocache() : '';
    const buildCache = req.gocache ? this.buildCacheFiles(catalog, snap, gocacheRoot) : [];
    const blocks = (n: number) => Math.ceil(n / 4096) * 4096 || 4096;
    const needed =
      planned.versions.reduce((n, v) => n + v.blocks, 0) +
      [...sumdb, ...buildCache].reduce((n, f) => n + blocks(f.file.size), 0);
    const space = await this.d.targets.check(layout.root, needed);
    const toRestore = planned.versions.filter((v) => v.parts.length > 0);
    const projects = [...new Set(sums.map((s) => path.dirname(s.file)))];
    const plan: RestorePlan = {
      snapshot: {
        id: snap.id,
        time: new Date(snap.time).toISOString(),
        host: snap.host,
        gomodcache: snap.gomodcache,
      },
      mode: req.mode,
      target: layout.root,
      targetIsLive: live,
      repair: req.repair,
      scope: { all, projects: needs.map((n) => n.dir), modules: req.modules },
      counts: planned.counts,
      bytes: planned.bytes,
      toRestore: toRestore.length,
      bytesToWrite: toRestore.reduce((n, v) => n + v.bytes, 0),
      space,
      versions: planned.versions.map(toDto),
      unavailable: selection.unavailable,
      notInSnapshot: selection.missingModules,
      mismatches: planned.mismatches,
      sumdb: { files: sumdb.length, bytes: sumdb.reduce((n, f) => n + f.file.size, 0) },
      buildCache: req.gocache
        ? {
            files: buildCache.length,
            bytes: buildCache.reduce((n, f) => n + f.file.size, 0),
            present:
              catalog.files(snap).filter((f) => f.area === 'gocache').length - buildCache.length,
          }
        : null,
      projects,
      goCommand: doubleCheckCommand({
        projects: needs.length ? needs.map((n) => n.dir) : projects,
        target: layout.root,
        live,
      }),
      notes: this.notes(req, snap, live, selection.unavailable.length),
    };
    return {
      plan,
      versions: planned.versions,
      layout,
      blobs,
      sums,
      cacheRW:
        req.mode === 'full' &&
        (await writableTreesFor(layout.root, (await this.d.goEnv.get()).vars.GOFLAGS)),
      sumdb,
      buildCache,
      gocacheRoot,
    };
  }

  private buildCacheFiles(
    catalog: SnapshotCatalog,
    snap: SnapshotRecord,
    root: string,
  ): FileTarget[] {
    if (!snap.gocache)
      throw new EngineError('NOT_FOUND', `Snapshot ${snap.id} holds no build cache.`, {
        fix: 'Restore without --gocache, or pick a snapshot taken with `modvault snapshot --gocache`.',
      });
    if (!root || root === 'off')
      throw new EngineError('PATH_INVALID', 'The build cache is off (GOCACHE=off).', {
        fix: 'Set GOCACHE or pass --gocache DIR to restore it.',
      });
    return missingFiles(
      catalog.files(snap).filter((f) => f.area === 'gocache'),
      root,
    );
  }

  /** The go.sum files of the projects in the settings, compared when no project was named. */
  private async settingsSums(named: boolean, gomodcache: string): Promise<GoSum[]> {
    if (named) return [];
    const roots = (await this.d.settings.get()).projectRoots;
    if (roots.length === 0) return [];
    const found = await this.d.finder
      .find(roots, { exclude: [gomodcache, await this.d.goEnv.gocache()] })
      .catch(() => ({ projects: [] }));
    const sums: GoSum[] = [];
    for (const p of found.projects) {
      const sum = await readGoSum(p.dir).catch(() => null);
      if (sum) sums.push(sum);
    }
    return sums;
  }

  private notes(
    req: RestoreRequest,
    snap: SnapshotRecord,
    live: boolean,
    unavailable: number,
  ): string[] {
    const notes: string[] = [];
    if (!live && req.projects.length + req.modules.length === 0)
      notes.push(
        'GOPATH/pkg/sumdb (outside the module cache) is restored only into the current GOMODCACHE.',
      );
    if (unavailable > 0)
      notes.push(
        `${unavailable} version(s) the projects name are not in snapshot ${snap.id}; Go downloads them when it needs them (often only their go.mod for the module graph).`,
      );
    if (req.mode === 'quick')
      notes.push(
        'Quick mode: Go extracts each module from its zip when a build first needs it, offline.',
      );
    return notes;
  }
}

function toDto(v: PlannedVersion): RestorePlan['versions'][number] {
  return {
    path: v.path,
    version: v.version,
    h1: v.h1,
    status: v.status,
    reason: v.reason,
    parts: v.parts,
    bytes: v.bytes,
    needsRepair: v.needsRepair,
  };
}
