/** Where the store directory came from: --store, MODVAULT_STORE, the app settings, or the OS default. */
export type StoreLocationSource = 'option' | 'env' | 'settings' | 'default';

export interface StoreLockInfo {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  startedAt: string;
  command: string;
}

export interface StoreInfo {
  path: string;
  source: StoreLocationSource;
  /** False until the first write creates the store. */
  exists: boolean;
  /** The store cannot be written (read-only medium or permissions): reading works. */
  readOnly?: boolean;
  /** Set when the index cannot describe the store: what is wrong and the fix (store repair). */
  damage?: { message: string; fix: string } | null;
  schemaVersion: number | null;
  snapshots: number;
  packs: number;
  blobs: number;
  /** Bytes of packs plus the index and its manifests (what the store occupies on disk). */
  storeBytes: number;
  packBytes: number;
  indexBytes: number;
  /** The writer holding the store right now, if any. */
  lock: StoreLockInfo | null;
}

/**
 * Why a version (or file) of the cache was not stored as good, or deserves a note:
 * zip-mismatch (zip ≠ .ziphash), zip-invalid (breaks Go's module zip rules), zip-unreadable
 * (truncated or damaged zip), tree-mismatch/tree-unreadable (a zip-less version's extracted
 * tree), unverified (no .ziphash to check against: stored with the hash computed here),
 * mod-missing, info-invalid, unreadable (permission), changed (the file changed while it was
 * read), vanished (deleted while the snapshot ran).
 */
export const SNAPSHOT_PROBLEM_KINDS = [
  'zip-mismatch',
  'zip-invalid',
  'zip-unreadable',
  'tree-mismatch',
  'tree-unreadable',
  'unverified',
  'mod-missing',
  'info-invalid',
  'unreadable',
  'changed',
  'vanished',
] as const;
export type SnapshotProblemKind = (typeof SNAPSHOT_PROBLEM_KINDS)[number];

export interface SnapshotProblem {
  /** Module path and version; empty for files that are not part of a version (sumdb, list). */
  path: string;
  version: string;
  kind: SnapshotProblemKind;
  detail: string;
  file: string | null;
  /** Set when an earlier good copy of this version was carried into the snapshot instead. */
  keptFrom: string | null;
}

/** Problems that need no action (the snapshot is complete and restorable). */
export const NOTE_PROBLEMS: readonly SnapshotProblemKind[] = ['unverified'];

export interface BuildCacheInfo {
  gocache: string;
  goVersion: string;
  goos: string;
  goarch: string;
  files: number;
  bytes: number;
}

/** `modvault snapshot --json`: id, versions, newVersions, bytesAdded, storeBytes, problems are public. */
export interface SnapshotResult {
  id: string;
  time: string;
  versions: number;
  /** Versions whose contents were not in the store before (read from the cache this time). */
  newVersions: number;
  /** Bytes written to packs by this snapshot. */
  bytesAdded: number;
  storeBytes: number;
  problems: SnapshotProblem[];
  /** Files outside module versions: list files, sumdb, and the build cache with --gocache. */
  files: number;
  /** Uncompressed size of everything the snapshot holds. */
  bytes: number;
  /** Versions read again because their files changed (same contents are deduplicated). */
  reread: number;
  durationMs: number;
  gomodcache: string;
  buildCache: BuildCacheInfo | null;
  /**
   * Blobs found missing or damaged earlier (by check, a restore or this snapshot's look at the
   * packs) that this snapshot stored again from the cache.
   */
  healed?: number;
  /** Older snapshots that restore completely again because of it. */
  healedSnapshots?: string[];
}

export type SnapshotKind = 'snapshot' | 'import';

/** `modvault snapshots --json`: id, time, versions, bytes are public. */
export interface SnapshotSummary {
  id: string;
  time: string;
  versions: number;
  bytes: number;
  kind: SnapshotKind;
  host: string;
  gomodcache: string;
  files: number;
  newVersions: number;
  bytesAdded: number;
  problems: number;
  buildCache: BuildCacheInfo | null;
  /**
   * The module cache on disk when it was taken, as the dashboard counts it (zips plus extracted
   * trees); null for imports and for snapshots older than this field.
   */
  diskBytes?: number | null;
}

export type VersionSource = 'zip' | 'tree' | 'none';

/** A module version inside a snapshot. */
export interface SnapshotVersion {
  path: string;
  version: string;
  /** "h1:…" of the module's files; empty when only .mod/.info were cached. */
  h1: string;
  source: VersionSource;
  /** The h1 was checked against a .ziphash (or an export manifest) when it was stored. */
  verified: boolean;
  fileCount: number;
  contentBytes: number;
  zipBytes: number;
  hasMod: boolean;
  hasInfo: boolean;
}

export interface RetentionPolicy {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

export interface ForgetDecision {
  id: string;
  time: string;
  host: string;
  gomodcache: string;
  /** Why a kept snapshot is kept ("last snapshot", "daily snapshot", …); empty for removals. */
  reasons: string[];
}

export interface ForgetResult {
  dryRun: boolean;
  keep: ForgetDecision[];
  remove: ForgetDecision[];
  prune: PruneResult | null;
}

export interface PruneResult {
  dryRun: boolean;
  snapshots: number;
  versionsDeleted: number;
  blobsDeleted: number;
  packsDeleted: number;
  packsRepacked: number;
  packsWritten: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Bytes of packs removed minus bytes of packs written. */
  bytesFreed: number;
}

export const CHECK_PROBLEM_KINDS = [
  'index-damaged',
  'pack-missing',
  'pack-size',
  'pack-header',
  'blob-header',
  'blob-data',
  'dangling-reference',
  'orphan-pack',
  'index-behind',
  'manifest-damaged',
  'manifest-missing',
  'blob-lost',
] as const;
export type CheckProblemKind = (typeof CHECK_PROBLEM_KINDS)[number];

export interface CheckProblem {
  kind: CheckProblemKind;
  detail: string;
  file: string | null;
  /** Snapshots whose data the problem affects. */
  snapshots: string[];
  /** Orphan packs (left by an interrupted write, deleted by the next one) are harmless. */
  severity: 'error' | 'info';
  /** What to do about it, when there is something to do. */
  fix?: string;
}

export interface CheckResult {
  ok: boolean;
  snapshots: number;
  packs: number;
  blobs: number;
  /** Percentage of packs whose data was read, decompressed and re-hashed (0 without --read-data). */
  readDataPercent: number;
  packsRead: number;
  blobsRead: number;
  bytesRead: number;
  problems: CheckProblem[];
  durationMs: number;
}

export interface DiffVersion {
  path: string;
  version: string;
  h1: string;
  bytes: number;
}

export interface DiffResult {
  from: string;
  /** A snapshot id, or "current" for the module cache as it is now. */
  to: string;
  added: DiffVersion[];
  removed: DiffVersion[];
  /** Same path and version, different contents (h1). */
  changed: { path: string; version: string; fromH1: string; toH1: string }[];
  unchanged: number;
  bytesAdded: number;
  bytesRemoved: number;
}

export const EXPORT_FORMATS = ['zip', 'tar.gz', 'dir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  snapshot: string;
  format: ExportFormat;
  out: string;
  versions: number;
  files: number;
  /** Bytes written (the archive, or the files of a dir export). */
  bytes: number;
}

export interface ImportResult {
  source: string;
  versions: number;
  snapshot: SnapshotResult;
}

/** Something `store repair` could not read and moved into the store's damaged/ folder. */
export interface RepairMovedAside {
  /** Where it was, and where it is now (inside the store's damaged/ folder). */
  from: string;
  to: string;
  reason: string;
}

/** What a snapshot lost: content no pack holds any more (until a snapshot stores it again). */
export interface SnapshotLoss {
  snapshot: string;
  /** "path@version" of each module version with missing files (at most 100 listed). */
  versions: string[];
  versionCount: number;
  /** Files outside module versions (sumdb, list files, build cache) that are missing. */
  files: number;
  blobs: number;
  bytes: number;
}

/** `modvault store repair --json`. */
export interface RepairResult {
  /** What was wrong with the index: 'ok' when it was intact (then it was checked and completed). */
  index: 'ok' | 'missing' | 'empty' | 'garbled' | 'unreadable' | 'no-schema' | 'corrupt' | 'behind';
  /** The index was rebuilt from the packs and manifests (the old one moved aside). */
  rebuilt: boolean;
  packsRead: number;
  /** Packs added to the index (it did not know them). */
  packsAdded: number;
  /** Packs rewritten with what could be read of them (the original moved aside). */
  packsSalvaged: number;
  blobsIndexed: number;
  /** Blobs found missing or damaged (marked: the next snapshot stores them again). */
  blobsDamaged: number;
  bytesRead: number;
  snapshots: number;
  /** Snapshots added back to the index from their manifests (or from index.sqlite.bak). */
  snapshotsRecovered: string[];
  /** Manifests written for snapshots that had none (or a damaged one). */
  manifestsWritten: number;
  movedAside: RepairMovedAside[];
  losses: SnapshotLoss[];
  /** Every snapshot is complete and readable. */
  ok: boolean;
  durationMs: number;
}

/** Pushed after anything that changes the store's snapshot list, so views can refresh. */
export interface StoreChanged {
  store: string;
  reason: 'snapshot' | 'forget' | 'prune' | 'import' | 'repair';
  snapshot: string | null;
}
