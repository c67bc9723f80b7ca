import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { toAppError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { escapeVersion } from '../gomod/escape';
import type { CacheLayout } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import { rewriteVersionList } from '../gomod/version-list';
import type { VersionLocks } from '../gomod/version-lock';
import { mapLimit } from '../platform/concurrency';
import { nonDirOnTheWay } from '../platform/no-follow';
import type { TreeOps } from '../platform/tree-ops';
import type { WorkerPool } from '../platform/worker-pool';
import { Yielder } from '../platform/yielder';
import type { BlobReader } from '../store/blob-reader';
import type { BlobRef } from './pack-blobs';
import type { PlannedVersion } from './restore-planner';
import { treeH1 } from './restore-planner';
import { groupTasks } from './task-groups';
import type { TaskVersion, VersionOutcome } from './version-task';
import { refuseLinksOnTheWay } from './version-task';

/** Versions locked per round: one lock helper spawn, bounded open descriptors. */
const LOCK_BATCH = 200;

export interface ExecuteInput {
  layout: CacheLayout;
  packsDir: string;
  blobs: BlobReader;
  cacheRW: boolean;
  /** Full mode: hard-link identical files between versions of a module. */
  links: boolean;
  versions: PlannedVersion[];
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

export interface ExecuteOutput {
  outcomes: VersionOutcome[];
  filesWritten: number;
  bytesWritten: number;
}

function blobRef(blobs: BlobReader, id: number): BlobRef {
  const loc = blobs.location(id);
  return { ...loc, sha256: loc.sha256.toString('hex'), rawDigests: [] };
}

function toTask(blobs: BlobReader, p: PlannedVersion): TaskVersion {
  return {
    path: p.path,
    version: p.version,
    h1: p.h1,
    treeH1: treeH1(p.v, p.files),
    parts: p.parts,
    files: p.files.map((f) => ({
      id: f.blobId,
      name: f.name,
      mode: f.mode,
      sha256: f.sha256.toString('hex'),
      size: f.size,
      crc32: f.crc32,
      codec: f.codec,
      pack: f.pack,
      offset: f.offset,
      storedSize: f.storedSize,
      rawDigests: f.rawDigests?.split(',') ?? [],
      base: f.baseId !== null ? blobRef(blobs, f.baseId) : null,
    })),
    mod: p.v.modBlob !== null ? blobRef(blobs, p.v.modBlob) : null,
    info: p.v.infoBlob !== null ? blobRef(blobs, p.v.infoBlob) : null,
    leftovers: p.leftovers,
    // What a failed version got written (a zip without its .mod, on a disk that filled up) is
    // removed again: the cache is left as it was, never with half a version in it.
    removeOnFailure: true,
  };
}

/**
 * Writes a plan into the module cache: versions in rounds that hold Go's `<v>.lock` of each
 * (and the `list` lock of each module), the writing itself in worker threads (see
 * version-writer.ts), each module's `list` rewritten like Go does. A round that fails or is
 * canceled leaves only what Go ignores or cleans up itself, and removes the temp files it can.
 */
export class RestoreExecutor {
  constructor(
    private readonly pool: WorkerPool,
    private readonly locks: VersionLocks,
    private readonly trees: TreeOps,
  ) {}

  async execute(x: ExecuteInput): Promise<ExecuteOutput> {
    const out: ExecuteOutput = { outcomes: [], filesWritten: 0, bytesWritten: 0 };
    const todo: PlannedVersion[] = [];
    // Not even a lock file is created through a symlinked folder planted in the target.
    for (const v of x.versions.filter((v) => v.parts.length > 0)) {
      try {
        refuseLinksOnTheWay(x.layout, v);
        todo.push(v);
      } catch (e) {
        out.outcomes.push(failed(v, e));
      }
    }
    const bytesTotal = todo.reduce((n, v) => n + v.bytes, 0);
    let done = 0;
    x.progress?.({ phase: 'restoring', done, total: todo.length, bytesDone: 0, bytesTotal });
    const groups = groupTasks(todo);
    const yielder = new Yielder(x.signal);
    for (let i = 0; i < groups.length;) {
      x.signal?.throwIfAborted();
      // Whole tasks per round, so a module's versions are written by one task.
      const round: PlannedVersion[][] = [];
      for (let n = 0; i < groups.length && (n === 0 || n + groups[i]!.length <= LOCK_BATCH); i++) {
        round.push(groups[i]!);
        n += groups[i]!.length;
      }
      const batch = round.flat();
      const lists = [...new Set(batch.map((v) => x.layout.listFile(v.path)))];
      let lockSet;
      try {
        lockSet = await this.locks.lock(x.layout, batch, { extraFiles: lists, signal: x.signal });
      } catch (e) {
        if (toAppError(e).code === 'CANCELED') throw e;
        out.outcomes.push(...batch.map((v) => failed(v, e)));
        continue;
      }
      try {
        await mapLimit(
          round,
          this.pool.size,
          async (group) => {
            // One module's versions can list ten thousand files: described in slices.
            const versions: TaskVersion[] = [];
            for (const v of group) {
              versions.push(toTask(x.blobs, v));
              await yielder.maybeYield();
            }
            const outcomes = await this.pool.run(
              'restoreVersions',
              {
                root: x.layout.root,
                packsDir: x.packsDir,
                cacheRW: x.cacheRW,
                links: x.links,
                versions,
              },
              x.signal,
            );
            for (const o of outcomes) {
              out.outcomes.push(o);
              out.filesWritten += o.files;
              out.bytesWritten += o.bytes;
            }
            done += group.length;
            x.progress?.({
              done,
              bytesDone: out.bytesWritten,
              message: versionKey(group.at(-1)!),
            });
          },
          x.signal,
        );
      } catch (e) {
        await this.removeTempFiles(x.layout, batch);
        throw e;
      } finally {
        for (const list of lists)
          if (existsSync(path.dirname(list))) rewriteVersionList(path.dirname(list));
        lockSet.release();
      }
    }
    await this.rewriteLists(x, todo);
    return out;
  }

  /** Modules in scope with nothing to write may still have a stale list (an interrupted run). */
  private async rewriteLists(x: ExecuteInput, written: PlannedVersion[]): Promise<void> {
    const done = new Set(written.map((v) => v.path));
    const lists = [
      ...new Set(x.versions.filter((v) => !done.has(v.path)).map((v) => x.layout.listFile(v.path))),
    ].filter((f) => existsSync(path.dirname(f)) && !linkOnTheWay(x.layout.root, path.dirname(f)));
    for (let start = 0; start < lists.length; start += LOCK_BATCH) {
      const batch = lists.slice(start, start + LOCK_BATCH);
      const lockSet = await this.locks.lockFiles(
        batch,
        { gomodcache: x.layout.root },
        { signal: x.signal },
      );
      try {
        for (const list of batch) rewriteVersionList(path.dirname(list));
      } finally {
        lockSet.release();
      }
    }
  }

  /** After a cancel or a crashed worker: the temp files and folders of the round's versions. */
  private async removeTempFiles(layout: CacheLayout, batch: PlannedVersion[]): Promise<void> {
    for (const v of batch) {
      const dir = layout.versionDir(v.path);
      const stem = `${escapeVersion(v.version)}.`;
      const tree = layout.treeDir(v);
      const names = (d: string) => (existsSync(d) ? readdirSync(d) : []);
      const temps = [
        ...names(dir)
          .filter((n) => n.startsWith(stem) && /\d+\.tmp$/.test(n))
          .map((n) => path.join(dir, n)),
        ...names(path.dirname(tree))
          .filter((n) => n.startsWith(`${path.basename(tree)}.tmp-`))
          .map((n) => path.join(path.dirname(tree), n)),
      ];
      for (const t of temps) await this.trees.remove(t).catch(() => {});
    }
  }
}

function failed(v: PlannedVersion, e: unknown): VersionOutcome {
  return {
    path: v.path,
    version: v.version,
    error: toAppError(e),
    mismatch: null,
    wrote: [],
    zipH1: null,
    treeH1: null,
    files: 0,
    bytes: 0,
  };
}

const linkOnTheWay = (root: string, dir: string) =>
  nonDirOnTheWay(root, path.relative(root, dir)) !== null;
