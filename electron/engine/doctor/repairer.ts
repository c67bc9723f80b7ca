import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Leftover } from '../../../shared/dto/cache';
import type { DoctorFixResult, FixAction } from '../../../shared/dto/doctor';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import type { CleanExecutor } from '../clean/clean-executor';
import { leftoverItem } from '../clean/corrupt-planner';
import { diskUsage } from '../clean/gocache-entries';
import type { PlannedItem } from '../clean/planned-item';
import { versionUnitFiles } from '../clean/planned-item';
import type { QuarantineRestorer } from '../clean/quarantine-restorer';
import { EngineError, toAppError } from '../errors';
import { h1ForGoMod } from '../gomod/h1';
import type { ModuleVersion } from '../gomod/layout';
import { CacheLayout, versionKey } from '../gomod/layout';
import type { TreeExtractor } from '../gomod/tree-extractor';
import { rewriteVersionList } from '../gomod/version-list';
import type { VersionLocks } from '../gomod/version-lock';
import { ZipReader } from '../gomod/zip-reader';
import type { PathGuard } from '../platform/path-guard';
import type { GoRunner } from '../toolchain/go-runner';
import type { VersionRepair } from './repair-plan';
import type { SnapshotRestorePort } from './snapshot-port';
import { trustedH1 } from './version-facts';

export interface RepairContext {
  gomodcache: string;
  gocache: string;
  guard: PathGuard;
  /** GOFLAGS has -modcacherw: extracted dirs stay writable. */
  cacheRW: boolean;
  quarantineDir: string | null;
  signal?: AbortSignal;
  output?: (line: string, stream?: JobOutputLine['stream']) => void;
}

export interface RepairerDeps {
  locks: VersionLocks;
  extractor: TreeExtractor;
  executor: CleanExecutor;
  restorer: QuarantineRestorer;
  runner: GoRunner;
  snapshots: SnapshotRestorePort;
}

/**
 * Carries out the doctor's repairs. Whatever a repair replaces is first set aside in the
 * quarantine (one quarantine per repair, so it can be undone), and a repair that fails is
 * rolled back from it. The doctor re-checks everything afterwards.
 */
export class Repairer {
  constructor(private readonly d: RepairerDeps) {}

  async repairVersion(r: VersionRepair, ctx: RepairContext): Promise<DoctorFixResult> {
    const layout = new CacheLayout(ctx.gomodcache);
    const m = r.version;
    const action: FixAction =
      r.refetch.size > 0
        ? r.snapshotId
          ? 'restore-from-snapshot'
          : 'redownload'
        : r.rebuildZiphash
          ? 'rebuild-ziphash'
          : r.rebuildMod
            ? 'rebuild-mod'
            : 'reextract-tree';
    const base = {
      action,
      findingIds: r.findingIds,
      path: m.path,
      version: m.version,
      verified: false,
    };
    let quarantineId: string | null = null;
    const steps: string[] = [];
    try {
      quarantineId = await this.setAside(
        [this.versionPart(layout, m, this.filesReplaced(layout, r), `doctor/${action}`)],
        ctx,
      );
      if (r.refetch.size > 0) steps.push(await this.refetch(r, ctx));
      if (r.rebuildZiphash) steps.push(await this.rebuildZiphash(layout, r, ctx));
      if (r.rebuildMod) steps.push(await this.rebuildMod(layout, r, ctx));
      if (r.reextractTree) {
        await this.d.extractor.extract(layout, m, {
          cacheRW: ctx.cacheRW,
          expectedH1: trustedH1(r.facts) ?? undefined,
          signal: ctx.signal,
        });
        steps.push('extracted the tree again from the zip');
      }
      return { ...base, ok: true, message: steps.join('; '), quarantineId };
    } catch (e) {
      let message = toAppError(e).message;
      if (quarantineId) {
        const undo = await this.d.restorer.undo(quarantineId).catch(() => null);
        message +=
          undo?.remaining === 0
            ? ' (rolled back)'
            : ` (the replaced files are kept in quarantine ${quarantineId})`;
      }
      return { ...base, ok: false, message, quarantineId: null };
    }
  }

  async removeLeftovers(leftovers: Leftover[], ctx: RepairContext): Promise<DoctorFixResult[]> {
    if (leftovers.length === 0) return [];
    const layout = new CacheLayout(ctx.gomodcache);
    const items = leftovers.map((l) => ({
      ...leftoverItem(layout, l),
      rule: 'doctor/remove-leftover',
    }));
    let quarantineId: string | null = null;
    let error: string | null = null;
    try {
      quarantineId = await this.setAside(items, ctx);
    } catch (e) {
      error = toAppError(e).message;
    }
    return leftovers.map((l) => ({
      action: 'remove-leftover',
      findingIds: [`leftover:${l.path}`],
      path: l.path,
      version: null,
      ok: error === null,
      verified: false,
      message: error ?? 'moved to the quarantine',
      quarantineId,
    }));
  }

  /** What the repair replaces: set aside first so it can be undone. */
  private filesReplaced(layout: CacheLayout, r: VersionRepair): string[] {
    const m = r.version;
    const kinds = new Set<string>();
    if (r.refetch.has('zip')) ['tree', 'zip', 'ziphash', 'partial'].forEach((k) => kinds.add(k));
    if (r.refetch.has('mod')) kinds.add('mod');
    if (r.refetch.has('info')) kinds.add('info');
    if (r.rebuildZiphash) kinds.add('ziphash');
    if (r.reextractTree) ['tree', 'partial'].forEach((k) => kinds.add(k));
    const wanted = [
      ...(kinds.has('tree') ? [layout.treeDir(m)] : []),
      ...(['zip', 'ziphash', 'mod', 'info', 'partial'] as const)
        .filter((k) => kinds.has(k))
        .map((k) => layout.versionFile(m, k)),
    ];
    const present = new Set(versionUnitFiles(layout, m));
    return wanted.filter((f) => present.has(f));
  }

  private versionPart(
    layout: CacheLayout,
    m: ModuleVersion,
    files: string[],
    rule: string,
  ): PlannedItem {
    return {
      id: `version:${versionKey(m)}`,
      kind: 'version',
      path: m.path,
      version: m.version,
      reason: 'replaced by a doctor repair',
      rule,
      bytes: 0,
      files,
      lastUsed: null,
      lock: m,
      listDir: layout.versionDir(m.path),
      cache: 'gomodcache',
    };
  }

  private async setAside(items: PlannedItem[], ctx: RepairContext): Promise<string | null> {
    const withFiles = await Promise.all(
      items
        .filter((i) => i.files.length > 0)
        // What a repair replaces is measured on disk: the quarantine lists its true size.
        .map(async (i) => {
          let bytes = i.bytes;
          // Best effort: an unreadable folder (the damage itself) must not stop the repair.
          if (bytes === 0) for (const f of i.files) bytes += await diskUsage(f).catch(() => 0);
          return { ...i, bytes };
        }),
    );
    if (withFiles.length === 0) return null;
    const result = await this.d.executor.execute({
      kind: 'corrupt',
      mode: 'quarantine',
      origin: 'doctor',
      roots: { gomodcache: ctx.gomodcache, gocache: ctx.gocache },
      targets: [],
      items: withFiles,
      guard: ctx.guard,
      quarantineDir: ctx.quarantineDir,
      backupFirst: false,
      signal: ctx.signal,
    });
    if (result.failed.length > 0) throw new EngineError('INTERNAL', result.failed[0]!.message);
    return result.quarantineId;
  }

  private async refetch(r: VersionRepair, ctx: RepairContext): Promise<string> {
    const m = r.version;
    const scopes = [...r.refetch];
    if (r.snapshotId) {
      await this.d.snapshots.restoreVersion({
        snapshotId: r.snapshotId,
        gomodcache: ctx.gomodcache,
        version: m,
        scopes,
        signal: ctx.signal,
      });
      return `restored ${scopes.join(', ')} from snapshot ${r.snapshotId}`;
    }
    const res = await this.d.runner.run(['mod', 'download', '-json', versionKey(m)], {
      cwd: tmpdir(),
      env: { GOMODCACHE: ctx.gomodcache, GOTOOLCHAIN: 'local' },
      signal: ctx.signal,
      timeoutMs: 5 * 60_000,
      onLine: (line, stream) => stream === 'stderr' && ctx.output?.(line, stream),
    });
    if (res.code !== 0) {
      const error = /"Error":\s*"((?:[^"\\]|\\.)*)"/.exec(res.stdout)?.[1];
      throw new EngineError(
        'GO_FAILED',
        `go mod download ${versionKey(m)} failed: ${error ? JSON.parse(`"${error}"`) : res.stderr.trim() || `exit ${res.code}`}`,
        {
          fix: 'Check GOPROXY and the network (modvault doctor shows whether the proxy answers).',
        },
      );
    }
    return `downloaded ${scopes.join(', ')} again through GOPROXY`;
  }

  private async rebuildZiphash(
    layout: CacheLayout,
    r: VersionRepair,
    ctx: RepairContext,
  ): Promise<string> {
    const h1 = r.facts.zipH1!;
    const lock = await this.d.locks.lock(layout, [r.version], { signal: ctx.signal });
    try {
      await writeAtomically(layout.versionFile(r.version, 'ziphash'), h1);
    } finally {
      lock.release();
    }
    return `wrote .ziphash ${h1} from the zip`;
  }

  private async rebuildMod(
    layout: CacheLayout,
    r: VersionRepair,
    ctx: RepairContext,
  ): Promise<string> {
    const m = r.version;
    const reader = ZipReader.openSync(layout.versionFile(m, 'zip'));
    let content: Buffer;
    try {
      const entry = reader.entries.find((e) => e.name === `${m.path}@${m.version}/go.mod`);
      // A module without go.mod gets the one Go synthesizes.
      content = entry ? reader.readContent(entry) : Buffer.from(`module ${m.path}\n`);
    } finally {
      reader.close();
    }
    if (r.facts.sumModH1 && h1ForGoMod(content) !== r.facts.sumModH1)
      throw new EngineError(
        'CORRUPT',
        `The go.mod in the zip does not match go.sum (${r.facts.sumModH1}).`,
      );
    const listDir = layout.versionDir(m.path);
    const lock = await this.d.locks.lock(layout, [m], {
      extraFiles: [path.join(listDir, 'list')],
      signal: ctx.signal,
    });
    try {
      await writeAtomically(layout.versionFile(m, 'mod'), content);
      rewriteVersionList(listDir);
    } finally {
      lock.release();
    }
    return 'wrote .mod from the go.mod in the zip';
  }
}

/** Writes a cache file by temp file + rename, so Go never reads half of it. */
async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const tmp = `${file}${randomBytes(4).readUInt32BE()}.tmp`;
  try {
    await writeFile(tmp, content, { mode: 0o666 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
