import { lstat, readdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { UndoConflict, UndoResult } from '../../../shared/dto/clean';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { CacheLayout } from '../gomod/layout';
import type { ModuleVersion } from '../gomod/layout';
import { rewriteVersionList } from '../gomod/version-list';
import type { VersionLocks } from '../gomod/version-lock';
import { PathGuard } from '../platform/path-guard';
import { Yielder } from '../platform/yielder';
import type { TreeOps } from '../platform/tree-ops';
import type { AuditLog } from './audit-log';
import type { PartItem, PartManifest } from './quarantine-part';
import { exists, readJournal, writeManifest } from './quarantine-part';
import type { PartRef, QuarantineStore } from './quarantine-store';

const MAX_CONFLICTS_LISTED = 100;
/** Go's own bookkeeping files: identical whoever wrote them, or rewritten after the merge. */
const MERGE_IGNORED = new Set(['list', 'lock']);

export interface RestorerDeps {
  store: QuarantineStore;
  trees: TreeOps;
  locks: VersionLocks;
  audit: AuditLog;
  home: string;
  now: () => number;
}

interface UndoState {
  restored: number;
  bytes: number;
  conflicts: UndoConflict[];
  conflictCount: number;
  listDirs: Set<string>;
}

/**
 * Puts a quarantine back: every file and folder returns to where it was by rename, so bytes,
 * modes and inodes are exactly the originals. Something Go has downloaded again meanwhile is
 * never overwritten: it is reported as a conflict and the quarantined copy stays until purge.
 * Whole-cache folders are merged back entry by entry.
 */
export class QuarantineRestorer {
  constructor(private readonly d: RestorerDeps) {}

  async undo(
    id: string,
    opts: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void } = {},
  ): Promise<UndoResult> {
    const started = this.d.now();
    const parts = await this.d.store.find(id);
    const state: UndoState = {
      restored: 0,
      bytes: 0,
      conflicts: [],
      conflictCount: 0,
      listDirs: new Set(),
    };
    let remaining = 0;
    for (const part of parts) remaining += await this.undoPart(part, state, opts);
    if (state.conflictCount > state.conflicts.length)
      state.conflicts.push({
        path: '…',
        reason: `${state.conflictCount - state.conflicts.length} more conflicts not listed`,
      });
    return {
      id,
      restored: state.restored,
      bytesRestored: state.bytes,
      conflicts: state.conflicts,
      remaining,
      durationMs: this.d.now() - started,
    };
  }

  private async undoPart(
    part: PartRef,
    state: UndoState,
    opts: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void },
  ): Promise<number> {
    const { manifest } = part;
    const guard = PathGuard.create(
      [{ label: manifest.cacheLabel, path: manifest.cacheRoot }],
      this.d.home,
    );
    const rootReal = guard.root(manifest.cacheLabel)!;
    const journal = await readJournal(part.dir);
    const pending: PartItem[] = [];
    for (const item of journal)
      if (item.moves.some((m) => exists(path.join(part.dir, m.to)))) pending.push(item);
    // The journal is a file on disk: every path it names is checked before anything is touched.
    for (const item of pending) {
      if (item.listDir) guard.check(item.listDir);
      for (const move of item.moves) {
        if (item.kind !== 'cache-root') guard.check(move.from);
        else if (guard.resolve(move.from) !== rootReal)
          throw new EngineError(
            'UNSAFE_PATH',
            `The quarantine ${manifest.id} names ${move.from}, which is not its cache root.`,
            { path: part.dir },
          );
      }
    }

    const layout = new CacheLayout(manifest.cacheRoot);
    const versions = pending.map((i) => i.lock).filter((v): v is ModuleVersion => v !== null);
    const lists = [
      ...new Set(pending.map((i) => i.listDir).filter((d): d is string => d !== null)),
    ];
    const lockSet = await this.d.locks.lock(layout, versions, {
      extraFiles: lists.map((d) => path.join(d, 'list')),
      signal: opts.signal,
    });
    const audit = [];
    let left = 0;
    try {
      let done = 0;
      const yielder = new Yielder(opts.signal);
      for (const item of pending) {
        await yielder.maybeYield();
        opts.progress?.({
          phase: 'restoring',
          done: done++,
          total: pending.length,
          message: item.path,
        });
        const before = state.conflictCount;
        for (const move of item.moves) {
          const src = path.join(part.dir, move.to);
          if (!exists(src)) continue;
          await this.restoreEntry(
            src,
            move.from,
            item.kind === 'cache-root' || item.kind === 'cache-dir',
            state,
          );
        }
        if (item.listDir) state.listDirs.add(item.listDir);
        if (state.conflictCount === before) {
          state.restored++;
          state.bytes += item.bytes;
          audit.push({
            action: 'undo' as const,
            rule: item.rule,
            path: item.path,
            version: item.version,
            bytes: item.bytes,
            undo: null,
            ok: true,
          });
        } else left++;
      }
      for (const dir of state.listDirs) if (exists(dir)) rewriteVersionList(dir);
    } finally {
      lockSet.release();
      await this.d.audit.append(audit);
    }
    if (left === 0) await this.d.trees.remove(part.dir);
    else await this.markPartlyRestored(part, journal);
    return left;
  }

  private async restoreEntry(
    src: string,
    dst: string,
    merge: boolean,
    state: UndoState,
  ): Promise<void> {
    if (!exists(dst)) return this.d.trees.move(src, dst);
    const [s, d] = await Promise.all([lstat(src), lstat(dst)]);
    // Version trees ("name@version") are units: a copy Go extracted again is never mixed with ours.
    const unit = path.basename(src).includes('@');
    if (merge && s.isDirectory() && d.isDirectory() && !unit) {
      for (const name of await readdir(src))
        await this.restoreEntry(path.join(src, name), path.join(dst, name), true, state);
      if (path.basename(src) === '@v') state.listDirs.add(dst);
      await rmdir(src).catch(() => {});
      return;
    }
    if (merge && MERGE_IGNORED.has(path.extname(src).slice(1) || path.basename(src))) return;
    state.conflictCount++;
    if (state.conflicts.length < MAX_CONFLICTS_LISTED)
      state.conflicts.push({
        path: dst,
        reason:
          'already present again (downloaded or rebuilt since); the quarantined copy stays until purge',
      });
  }

  private async markPartlyRestored(part: PartRef, journal: PartItem[]): Promise<void> {
    let items = 0;
    let bytes = 0;
    for (const item of journal)
      if (item.moves.some((m) => exists(path.join(part.dir, m.to)))) {
        items++;
        bytes += item.bytes;
      }
    const next: PartManifest = { ...part.manifest, status: 'partly-restored', items, bytes };
    await writeManifest(part.dir, next);
  }
}
