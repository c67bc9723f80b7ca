import path from 'node:path';
import type {
  AuditEntry,
  CleanFailure,
  CleanKind,
  CleanMode,
  CleanResult,
  CleanTarget,
} from '../../../shared/dto/clean';
import { EngineError, toAppError } from '../errors';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import type { ProgressUpdate } from '../jobs/job-runner';
import { CacheLayout } from '../gomod/layout';
import type { ModuleVersion } from '../gomod/layout';
import { rewriteVersionList } from '../gomod/version-list';
import type { VersionLocks } from '../gomod/version-lock';
import type { PathGuard } from '../platform/path-guard';
import { Yielder } from '../platform/yielder';
import type { TreeOps } from '../platform/tree-ops';
import type { ToolchainProcesses } from '../platform/toolchain-processes';
import { describeProcesses } from '../platform/toolchain-processes';
import type { GoRunner } from '../toolchain/go-runner';
import type { AuditLog } from './audit-log';
import type { BackupFirstPort } from './backup-port';
import type { PlannedItem } from './planned-item';
import { toDto } from './planned-item';
import { exists, QuarantinePart } from './quarantine-part';
import type { QuarantineStore } from './quarantine-store';
import { expireTestResults, runGoClean } from './toolchain-clean';
import type { Said } from '../english';
import { say } from '../english';

/** Versions locked and moved per round: one lock helper spawn, bounded open descriptors. */
const BATCH = 200;

export interface ExecuteRequest {
  kind: CleanKind;
  mode: CleanMode;
  /** Recorded with the quarantine: "clean unused". */
  origin: string;
  roots: { gomodcache: string; gocache: string };
  targets: CleanTarget[];
  items: PlannedItem[];
  guard: PathGuard;
  quarantineDir: string | null;
  backupFirst: boolean;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  output?: (line: string, stream?: JobOutputLine['stream']) => void;
}

export interface ExecutorDeps {
  store: QuarantineStore;
  trees: TreeOps;
  locks: VersionLocks;
  audit: AuditLog;
  processes: ToolchainProcesses;
  runner: GoRunner;
  backup: BackupFirstPort;
  now: () => number;
}

type AuditLine = Omit<AuditEntry, 'time'>;

interface Outcome {
  done: PlannedItem[];
  failed: CleanFailure[];
  quarantineId: string | null;
}

/**
 * Carries out a plan: by default each item moves into a same-volume quarantine by rename
 * (versions as one unit, under their `.lock`, `list` rewritten like Go does); `delete` removes
 * instead; `toolchain` lets `go clean` do a whole-cache clean. Every item is checked against
 * the path guard first and written to the audit log after.
 */
export class CleanExecutor {
  constructor(private readonly d: ExecutorDeps) {}

  async execute(req: ExecuteRequest): Promise<CleanResult> {
    const started = this.d.now();
    const notes: Said[] = [];
    if (req.kind === 'all') await this.refuseWhileGoRuns(req);
    for (const item of req.items) this.checkPaths(item, req.guard);
    const backupSnapshotId = req.backupFirst ? await this.backUp(req) : null;
    let mode = req.mode;
    let outcome: Outcome | null = null;
    if (mode === 'toolchain') {
      if (req.kind !== 'all')
        throw new EngineError(
          'INVALID_INPUT',
          '`go clean` can only clean whole caches (clean all).',
        );
      try {
        await this.viaGoClean(req);
        outcome = { done: req.items, failed: [], quarantineId: null };
      } catch (e) {
        if (!(e instanceof EngineError) || e.code !== 'GO_MISSING') throw e;
        notes.push(say('cleanup.note.noGo'));
        mode = 'delete';
      }
    }
    outcome ??= await this.apply({ ...req, mode });
    return {
      kind: req.kind,
      mode,
      items: outcome.done.map(toDto),
      bytesFreed: outcome.done.reduce((n, i) => n + i.bytes, 0),
      quarantineId: outcome.quarantineId,
      failed: outcome.failed,
      backupSnapshotId,
      notes: notes.map((n) => n.english),
      noteTexts: notes.map((n) => n.text),
      durationMs: this.d.now() - started,
    };
  }

  private async refuseWhileGoRuns(req: ExecuteRequest): Promise<void> {
    const caches = new Set(req.items.map((i) => i.cache));
    const running = await this.d.processes.find({
      gomodcache: caches.has('gomodcache') ? req.roots.gomodcache : undefined,
      gocache: caches.has('gocache') ? req.roots.gocache : undefined,
    });
    if (running.length > 0)
      throw new EngineError(
        'BUSY',
        `Refusing to clean whole caches while the Go toolchain may be using them: ${describeProcesses(running)}.`,
        { fix: 'Let these finish or quit them (gopls runs inside your editor), then try again.' },
      );
  }

  /** Whole caches must be exactly the resolved roots; everything else strictly inside them. */
  private checkPaths(item: PlannedItem, guard: PathGuard): void {
    // Test results are expired by writing one file: that file is checked instead.
    for (const f of item.files.length ? item.files : [item.path]) {
      if (item.kind !== 'cache-root') guard.check(f);
      else if (guard.resolve(f) !== guard.root('module cache'))
        throw new EngineError(
          'UNSAFE_PATH',
          `Refusing to remove ${f}: it is not the module cache root.`,
          { path: f },
        );
    }
  }

  private async backUp(req: ExecuteRequest): Promise<string> {
    const { snapshotId } = await this.d.backup.backupBeforeClean({
      gomodcache: req.roots.gomodcache,
      gocache: req.items.some((i) => i.cache === 'gocache') ? req.roots.gocache : null,
      signal: req.signal,
      progress: req.progress,
    });
    return snapshotId;
  }

  private async viaGoClean(req: ExecuteRequest): Promise<void> {
    req.progress?.({ phase: 'go clean', message: `go clean ${req.targets.join(' ')}` });
    await runGoClean(this.d.runner, req.roots, req.targets, {
      signal: req.signal,
      onLine: (line, stream) => req.output?.(line, stream),
    });
    await this.d.audit.append(
      req.items.map((i) => ({ ...this.auditLine(i, 'toolchain', null, true), action: 'go-clean' })),
    );
  }

  private async apply(req: ExecuteRequest): Promise<Outcome> {
    const id = this.d.store.newId();
    const parts = new Map<PlannedItem['cache'], QuarantinePart>();
    const rootOf = (cache: PlannedItem['cache']) =>
      cache === 'gomodcache' ? req.roots.gomodcache : req.roots.gocache;
    // Where each cache's items go is settled (and refused) before anything moves.
    const folders = new Map<PlannedItem['cache'], string>();
    if (req.mode === 'quarantine')
      for (const cache of new Set(req.items.filter((i) => i.files.length).map((i) => i.cache)))
        folders.set(
          cache,
          await this.d.store.folderFor(
            rootOf(cache),
            [req.roots.gomodcache, req.roots.gocache],
            req.quarantineDir,
          ),
        );
    const partFor = async (item: PlannedItem) => {
      let part = parts.get(item.cache);
      if (!part) {
        const root = rootOf(item.cache);
        const folder = folders.get(item.cache)!;
        part = await QuarantinePart.create(
          path.join(folder, id),
          {
            id,
            createdAt: this.d.now(),
            origin: req.origin,
            cacheRoot: root,
            cacheLabel: item.cache === 'gomodcache' ? 'module cache' : 'build cache',
          },
          this.d.trees,
        );
        parts.set(item.cache, part);
      }
      return part;
    };
    const done: PlannedItem[] = [];
    const failed: CleanFailure[] = [];
    const fail = (item: PlannedItem, e: unknown) =>
      failed.push({
        id: item.id,
        path: item.path,
        version: item.version,
        message: toAppError(e).message,
      });
    const layout = new CacheLayout(req.roots.gomodcache);
    const bytesTotal = req.items.reduce((n, i) => n + i.bytes, 0);
    let bytesDone = 0;
    let processed = 0;
    const yielder = new Yielder(req.signal);
    const phase = req.mode === 'quarantine' ? 'quarantining' : 'deleting';
    try {
      for (let start = 0; start < req.items.length; start += BATCH) {
        req.signal?.throwIfAborted();
        const batch = req.items.slice(start, start + BATCH);
        const versions = batch.map((i) => i.lock).filter((v): v is ModuleVersion => v !== null);
        const listDirs = [
          ...new Set(batch.map((i) => i.listDir).filter((d): d is string => d !== null)),
        ];
        const testFiles = batch.filter((i) => i.kind === 'test-results').map((i) => i.path);
        let lockSet;
        try {
          lockSet = await this.d.locks.lock(layout, versions, {
            extraFiles: [...listDirs.map((d) => path.join(d, 'list')), ...testFiles],
            signal: req.signal,
          });
        } catch (e) {
          if (toAppError(e).code === 'CANCELED') throw e;
          for (const item of batch) fail(item, e);
          continue;
        }
        const audit: AuditLine[] = [];
        try {
          for (const item of batch) {
            req.progress?.({
              phase,
              done: processed++,
              total: req.items.length,
              bytesDone,
              bytesTotal,
              message: item.version ? `${item.path}@${item.version}` : item.path,
            });
            try {
              if (item.kind === 'test-results') await expireTestResults(item.path, this.d.now());
              else if (req.mode === 'quarantine') await (await partFor(item)).add(item);
              else for (const f of item.files) await this.d.trees.remove(f);
              done.push(item);
              bytesDone += item.bytes;
              await yielder.maybeYield();
              audit.push(this.auditLine(item, req.mode, id, true));
            } catch (e) {
              fail(item, e);
              audit.push({
                ...this.auditLine(item, req.mode, null, false),
                message: toAppError(e).message,
              });
            }
          }
          for (const dir of listDirs) if (exists(dir)) rewriteVersionList(dir);
        } finally {
          lockSet.release();
          await this.d.audit.append(audit);
        }
      }
    } finally {
      // Canceled or not, what moved is recorded as a complete, undoable quarantine.
      for (const part of parts.values()) await part.finish();
    }
    return { done, failed, quarantineId: parts.size > 0 ? id : null };
  }

  private auditLine(item: PlannedItem, mode: CleanMode, id: string | null, ok: boolean): AuditLine {
    const action = mode === 'quarantine' && item.kind !== 'test-results' ? 'quarantine' : 'delete';
    return {
      action,
      rule: item.rule,
      path: item.path,
      version: item.version,
      bytes: item.bytes,
      undo: ok && action === 'quarantine' ? id : null,
      ok,
    };
  }
}
