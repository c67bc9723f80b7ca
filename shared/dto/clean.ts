import type { CatalogText } from './catalog-text';
/** What a cleanup plan frees: versions no project uses, broken entries, old build outputs, all. */
export const CLEAN_KINDS = ['unused', 'corrupt', 'gocache', 'all'] as const;
export type CleanKind = (typeof CLEAN_KINDS)[number];

/** What `clean all` covers, like go clean -modcache / -cache / -testcache / -fuzzcache. */
export const CLEAN_TARGETS = ['modcache', 'cache', 'testcache', 'fuzzcache'] as const;
export type CleanTarget = (typeof CLEAN_TARGETS)[number];

/**
 * quarantine: moved aside by rename, undoable; delete: removed at once; toolchain: `go clean`
 * does it (only for `all`), ModVault's own deletion when Go is missing.
 */
export const CLEAN_MODES = ['quarantine', 'delete', 'toolchain'] as const;
export type CleanMode = (typeof CLEAN_MODES)[number];

export type CleanItemKind =
  | 'version'
  | 'leftover'
  | 'partial-tree'
  | 'build-entry'
  | 'cache-root'
  | 'cache-dir'
  | 'test-results';

export interface CleanItem {
  /** Stable key for selecting items: "version:<path>@<version>" or "file:<absolute path>". */
  id: string;
  kind: CleanItemKind;
  /** The module path for versions; the file or folder otherwise. */
  path: string;
  version: string | null;
  /** Why it goes, in one sentence (English). */
  reason: string;
  /** The same sentence as a catalog key and parameters, for the UI's language. */
  reasonText?: CatalogText;
  /** The rule that chose it, e.g. "unused", "corrupt/zip-mismatch", "gocache/older-than". */
  rule: string;
  bytes: number;
  /** Every file and folder that moves or goes (absolute paths). */
  files: string[];
  /** Download time (versions) or last use (build-cache entries), ms since the epoch. */
  lastUsed: number | null;
}

export type KeepReason = 'in-use' | 'keep-latest' | 'too-recent' | 'running-toolchain';

export interface KeptVersion {
  path: string;
  version: string;
  reason: KeepReason;
  /** Project folders whose go.mod/go.sum name the version. */
  projects: string[];
}

export interface RunningTool {
  pid: number;
  name: string;
  command: string;
}

export interface CleanPlan {
  kind: CleanKind;
  gomodcache: string;
  gocache: string;
  items: CleanItem[];
  bytesReclaimable: number;
  /** `unused` only: versions kept, and why. */
  kept: KeptVersion[];
  /** Project folders whose go.mod/go.sum/go.work define what is in use. */
  projects: string[];
  notes: string[];
  /** The notes as catalog keys (same order), for the UI's language. */
  noteTexts?: CatalogText[];
  /** go/gopls processes using the caches: whole-cache operations refuse to run while any do. */
  blockers: RunningTool[];
  createdAt: number;
  /** Time the engine took to plan (ms). */
  durationMs: number;
}

export interface CleanFailure {
  id: string;
  path: string;
  version: string | null;
  message: string;
}

export interface CleanResult {
  kind: CleanKind;
  mode: CleanMode;
  /** What was moved or deleted. */
  items: CleanItem[];
  bytesFreed: number;
  /** Undo handle (`modvault quarantine undo ID`); null when nothing was quarantined. */
  quarantineId: string | null;
  /**
   * When the quarantined bytes are really freed: the purge after the retention period (ms; a
   * purge frees them earlier). Absent or null when nothing went to the quarantine.
   */
  purgeAt?: number | null;
  failed: CleanFailure[];
  /** Snapshot taken first when "back up first" was asked. */
  backupSnapshotId: string | null;
  notes: string[];
  /** The notes as catalog keys (same order), for the UI's language. */
  noteTexts?: CatalogText[];
  durationMs: number;
}

export type QuarantineStatus = 'complete' | 'incomplete' | 'partly-restored';

export interface QuarantineInfo {
  id: string;
  createdAt: number;
  /** What created it: "clean unused", "doctor", … */
  origin: string;
  status: QuarantineStatus;
  items: number;
  bytes: number;
  /** Quarantine folders holding its parts (one per cache volume). */
  folders: string[];
  /** When purge may delete it (createdAt + the retention setting). */
  expiresAt: number;
  /** The first few items, for display. */
  preview: { path: string; version: string | null; rule: string }[];
}

export interface UndoConflict {
  path: string;
  reason: string;
}

export interface UndoResult {
  id: string;
  restored: number;
  bytesRestored: number;
  conflicts: UndoConflict[];
  /** Items left in quarantine (conflicts); 0 when the quarantine is gone. */
  remaining: number;
  durationMs: number;
}

export interface PurgeResult {
  purged: { id: string; bytes: number }[];
  bytesFreed: number;
  /** Quarantines kept because they are younger than the retention period. */
  kept: number;
}

export type AuditAction = 'quarantine' | 'delete' | 'undo' | 'purge' | 'go-clean' | 'repair';

export interface AuditEntry {
  time: number;
  action: AuditAction;
  /** The rule or reason that caused it. */
  rule: string;
  path: string;
  version: string | null;
  bytes: number;
  /** The quarantine id that undoes it, when there is one. */
  undo: string | null;
  ok: boolean;
  message?: string;
}
