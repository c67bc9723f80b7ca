import path from 'node:path';
import type { Leftover, ModuleVersionInfo } from '../../../shared/dto/cache';
import type {
  RestoreMismatch,
  RestorePart,
  RestorePlanVersion,
  RestoreStatus,
} from '../../../shared/dto/restore';
import { RESTORE_STATUSES } from '../../../shared/dto/restore';
import type { ProgressUpdate } from '../jobs/job-runner';
import { escapeVersion } from '../gomod/escape';
import type { GoSum } from '../gomod/gosum';
import { h1ForGoMod, h1FromDigests } from '../gomod/h1';
import type { CacheLayout } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import type { CacheScanner } from '../gomod/scanner';
import { mapLimit } from '../platform/concurrency';
import { Yielder } from '../platform/yielder';
import type { BlobReader } from '../store/blob-reader';
import type { CatalogVersion, SnapshotCatalog, VersionFileBlob } from '../store/snapshot-catalog';
import type { Need } from './restore-scope';
import { groupTasks } from './task-groups';
import type { VersionCheck, Wanted } from './version-check';

/** A version of the plan, with what the executor needs beyond what clients see. */
export interface PlannedVersion extends RestorePlanVersion {
  v: CatalogVersion;
  /** The snapshot's files of the version (empty when only .mod/.info are wanted). */
  files: VersionFileBlob[];
  /** The cache's copy goes to the quarantine first (--repair). */
  scanned: ModuleVersionInfo | null;
  /** Temp files and folders interrupted writers left for this version: removed first. */
  leftovers: string[];
  /** Bytes it occupies on disk once written (whole file-system blocks). */
  blocks: number;
  /** Mismatches with go.sum: such a version is not restored. */
  conflicts: RestoreMismatch[];
}

export interface PlanInput {
  versions: { v: CatalogVersion; need: Need }[];
  layout: CacheLayout;
  full: boolean;
  /** Identical files of a module's versions will be hard links (counted once for space). */
  links: boolean;
  repair: boolean;
  sums: GoSum[];
  catalog: SnapshotCatalog;
  blobs: BlobReader;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

export interface PlanOutput {
  versions: PlannedVersion[];
  counts: Record<RestoreStatus, number>;
  bytes: Record<RestoreStatus, number>;
  mismatches: RestoreMismatch[];
}

const BLOCK = 4096;
const blocks = (n: number) => Math.max(1, Math.ceil(n / BLOCK)) * BLOCK;
const byStatus = () =>
  Object.fromEntries(RESTORE_STATUSES.map((s) => [s, 0])) as Record<RestoreStatus, number>;

/** On-disk size of a tree: its files and folders in whole blocks. */
function treeBlocks(files: VersionFileBlob[]): number {
  const dirs = new Set<string>(['']);
  let n = 0;
  for (const f of files) {
    if (f.name.endsWith('/')) dirs.add(f.name.slice(0, -1));
    else n += blocks(f.size);
    for (let i = f.name.indexOf('/'); i >= 0; i = f.name.indexOf('/', i + 1))
      dirs.add(f.name.slice(0, i));
  }
  return n + dirs.size * BLOCK;
}

/** Go's temp files of a version ("<v>.zip123.tmp") and extraction folders ("<dir>.tmp-…"). */
function leftoversOf(layout: CacheLayout, v: CatalogVersion, all: Leftover[]): string[] {
  const fileStem = path.join(layout.versionDir(v.path), `${escapeVersion(v.version)}.`);
  const dirStem = `${layout.treeDir(v)}.tmp-`;
  return all
    .filter((l) =>
      l.kind === 'tmp-file'
        ? l.path.startsWith(fileStem) && !l.path.slice(fileStem.length).includes(path.sep)
        : l.path.startsWith(dirStem),
    )
    .map((l) => l.path);
}

/**
 * Compares a snapshot's versions with a module cache: what is missing, incomplete, damaged or
 * present, what each restore writes and its size on disk; and the snapshot with the projects'
 * go.sum, so that a copy contradicting a project is reported instead of restored.
 */
export class RestorePlanner {
  constructor(
    private readonly scanner: CacheScanner,
    private readonly check: VersionCheck,
  ) {}

  async plan(input: PlanInput): Promise<PlanOutput> {
    const { layout } = input;
    input.progress?.({ phase: 'scanning the cache', message: layout.root });
    const scan = await this.scanner.scan(layout.root, { signal: input.signal });
    const inCache = new Map(scan.modules.map((m) => [versionKey(m), m]));
    const counts = byStatus();
    const bytes = byStatus();
    const mismatches: RestoreMismatch[] = [];
    const total = input.versions.length;
    let done = 0;
    input.progress?.({ phase: 'comparing', done, total, message: null });
    const versions = await mapLimit(
      input.versions,
      4,
      async ({ v, need }) => {
        const planned = await this.planVersion(
          input,
          v,
          need,
          inCache.get(versionKey(v)),
          scan.leftovers,
        );
        counts[planned.status]++;
        bytes[planned.status] += v.contentBytes;
        mismatches.push(...planned.conflicts);
        input.progress?.({ done: ++done, message: versionKey(v) });
        return planned;
      },
      input.signal,
    );
    if (input.full && input.links) countLinkedOnce(versions);
    return { versions, counts, bytes, mismatches };
  }

  private async planVersion(
    input: PlanInput,
    v: CatalogVersion,
    need: Need,
    scanned: ModuleVersionInfo | undefined,
    leftovers: Leftover[],
  ): Promise<PlannedVersion> {
    const content = need === 'module' && v.source !== 'none';
    const files = content
      ? await input.catalog.versionFileBlobs(v.versionId, new Yielder(input.signal))
      : [];
    const modContent = v.modBlob !== null ? input.blobs.content(v.modBlob) : null;
    const want: Wanted = {
      h1: v.h1,
      treeH1: treeH1(v, files),
      content,
      tree: content && input.full,
      modSha256: modContent ? input.blobs.location(v.modBlob!).sha256.toString('hex') : null,
      info: v.infoBlob !== null,
    };
    const conflicts = this.sumConflicts(input.sums, v, content, modContent);
    const verdict = await this.check.check(input.layout, want, scanned, {
      deep: input.full && input.repair,
      signal: input.signal,
    });
    const replace = verdict.status === 'damaged' && input.repair;
    const all: RestorePart[] = [
      ...(content ? (['zip', 'ziphash'] as const) : []),
      ...(content || modContent ? (['mod'] as const) : []),
      ...(want.info ? (['info'] as const) : []),
      ...(want.tree ? (['tree'] as const) : []),
    ];
    const parts = conflicts.length
      ? []
      : replace
        ? all
        : verdict.missing.filter((p) => all.includes(p));
    const has = (p: RestorePart) => parts.includes(p);
    return {
      path: v.path,
      version: v.version,
      h1: v.h1,
      status: verdict.status,
      reason: conflicts.length ? conflicts[0]!.message : verdict.reason,
      parts,
      bytes: (has('zip') ? v.zipBytes : 0) + (has('tree') ? v.contentBytes : 0),
      needsRepair: verdict.status === 'damaged' && !input.repair,
      v,
      files,
      scanned: replace ? (scanned ?? null) : null,
      leftovers: parts.length ? leftoversOf(input.layout, v, leftovers) : [],
      blocks:
        (has('zip') ? blocks(v.zipBytes) : 0) +
        ['ziphash', 'mod', 'info'].filter((p) => has(p as RestorePart)).length * BLOCK +
        (has('tree') ? treeBlocks(files) : 0),
      conflicts,
    };
  }

  /** The snapshot's copy against every go.sum line for it: a difference is possible tampering. */
  private sumConflicts(
    sums: GoSum[],
    v: CatalogVersion,
    content: boolean,
    mod: Buffer | null,
  ): RestoreMismatch[] {
    const out: RestoreMismatch[] = [];
    const modH1 = mod ? h1ForGoMod(mod) : null;
    for (const sum of sums) {
      const e = sum.entries.get(versionKey(v));
      const project = path.dirname(sum.file);
      if (content && e?.h1 && v.h1 && e.h1 !== v.h1)
        out.push({
          path: v.path,
          version: v.version,
          what: 'gosum',
          expected: e.h1,
          actual: v.h1,
          project,
          message: `the snapshot's copy hashes to ${v.h1}, ${sum.file} says ${e.h1}: possible tampering; not restored`,
        });
      if (e?.modH1 && modH1 && e.modH1 !== modH1)
        out.push({
          path: v.path,
          version: v.version,
          what: 'mod',
          expected: e.modH1,
          actual: modH1,
          project,
          message: `the snapshot's .mod hashes to ${modH1}, ${sum.file} says ${e.modH1}: possible tampering; not restored`,
        });
    }
    return out;
  }
}

/** Files a task writes once and links for its other versions take no space of their own. */
function countLinkedOnce(versions: PlannedVersion[]): void {
  for (const group of groupTasks(versions.filter((v) => v.parts.length > 0))) {
    const seen = new Set<number>();
    for (const v of group) {
      if (!v.parts.includes('tree')) continue;
      for (const f of v.files) {
        if (f.name.endsWith('/')) continue;
        if (seen.has(f.blobId)) v.blocks -= blocks(f.size);
        else seen.add(f.blobId);
      }
    }
  }
}

/** The h1 an extracted tree must have: the version's, unless its zip had directory entries. */
export function treeH1(v: CatalogVersion, files: VersionFileBlob[]): string {
  if (!files.some((f) => f.name.endsWith('/'))) return v.h1;
  const prefix = `${v.path}@${v.version}/`;
  return h1FromDigests(
    files
      .filter((f) => !f.name.endsWith('/'))
      .map((f) => ({ name: prefix + f.name, sha256: f.sha256.toString('hex') })),
  );
}
