/**
 * quick: rebuild cache/download only (zips, .ziphash, .mod, .info, list, sumdb); Go extracts the
 * trees on demand, offline. full: also the extracted trees, byte-identical, read-only like Go's.
 */
export const RESTORE_MODES = ['quick', 'full'] as const;
export type RestoreMode = (typeof RESTORE_MODES)[number];

/**
 * A snapshot version compared with the cache: missing (nothing of it there), incomplete (what is
 * there is sound but parts are missing: the zip, the .ziphash, the tree in full mode, or a
 * half-extracted tree), damaged (something there is broken or differs from the snapshot: left
 * alone unless --repair), present (nothing to do).
 */
export const RESTORE_STATUSES = ['missing', 'incomplete', 'damaged', 'present'] as const;
export type RestoreStatus = (typeof RESTORE_STATUSES)[number];

export type RestorePart = 'zip' | 'ziphash' | 'mod' | 'info' | 'tree';

export interface RestorePlanVersion {
  path: string;
  version: string;
  /** The snapshot's h1 ("" when it holds only .mod/.info). */
  h1: string;
  status: RestoreStatus;
  /** Damaged: what is wrong; incomplete: what is missing. */
  reason: string | null;
  /** What the restore writes; empty when the version is left alone. */
  parts: RestorePart[];
  /** Bytes it writes (zip, .mod, .info, and the tree's files in full mode). */
  bytes: number;
  /** Damaged and left alone because --repair was not given. */
  needsRepair: boolean;
}

/** A version a scope needs that the snapshot does not hold. */
export interface RestoreUnavailable {
  path: string;
  version: string;
  /** module: its files are needed; go.mod: only its .mod (the module graph). */
  need: 'module' | 'go.mod';
  /** The go.sum, go.mod or --module argument that asked for it. */
  from: string;
}

/** A checksum that does not match: a sign of tampering (or of a damaged copy). */
export interface RestoreMismatch {
  path: string;
  version: string;
  /** zip/tree: the restored files vs the snapshot; gosum/mod: the snapshot vs a project's go.sum. */
  what: 'zip' | 'tree' | 'gosum' | 'mod';
  expected: string;
  actual: string;
  /** The project whose go.sum was compared, for gosum/mod. */
  project: string | null;
  message: string;
}

export interface RestoreFailure {
  path: string;
  version: string;
  reason: 'not-in-snapshot' | 'mismatch' | 'error';
  message: string;
  /** What the user can do about it, when there is something. */
  fix?: string;
}

export interface RestoreSpace {
  /** The folder whose volume was checked (the target or its nearest existing parent). */
  volume: string;
  freeBytes: number;
  /** What the restore writes, counted in file-system blocks. */
  neededBytes: number;
  ok: boolean;
}

export interface RestorePlan {
  snapshot: { id: string; time: string; host: string; gomodcache: string };
  mode: RestoreMode;
  /** The module cache written to. */
  target: string;
  /** Whether the target is the module cache of the current Go environment. */
  targetIsLive: boolean;
  repair: boolean;
  scope: { all: boolean; projects: string[]; modules: string[] };
  counts: Record<RestoreStatus, number>;
  /** Content bytes of the versions in each state. */
  bytes: Record<RestoreStatus, number>;
  /** Versions the restore writes to, and the bytes it writes. */
  toRestore: number;
  bytesToWrite: number;
  space: RestoreSpace;
  /** Every version in scope, in module order. */
  versions: RestorePlanVersion[];
  unavailable: RestoreUnavailable[];
  /** What --module named that the snapshot does not hold (reported as failed). */
  notInSnapshot: { path: string; version: string }[];
  /** The snapshot disagrees with a project's go.sum (such versions are not restored). */
  mismatches: RestoreMismatch[];
  /** Checksum-database files missing from the target, restored with everything else. */
  sumdb: { files: number; bytes: number };
  /** Build-cache entries to restore (null unless asked for and the snapshot has them). */
  buildCache: { files: number; bytes: number; present: number } | null;
  /** go.sum files the versions are checked against. */
  projects: string[];
  /** The go command that double-checks the result. */
  goCommand: string;
  notes: string[];
}

/** `modvault restore --json`: restored, skipped, failed, verified, mismatches are public. */
export interface RestoreResult {
  dryRun: boolean;
  snapshot: string;
  mode: RestoreMode;
  target: string;
  /** Versions written to. */
  restored: number;
  /** Versions in scope left alone (present, or damaged without --repair). */
  skipped: number;
  failed: RestoreFailure[];
  /** Restored versions whose zip (and tree) hash to the snapshot's h1 and match go.sum. */
  verified: number;
  mismatches: RestoreMismatch[];
  /** Damaged versions replaced (--repair); what they held is in these quarantines (undoable). */
  repaired: number;
  quarantineIds: string[];
  filesWritten: number;
  bytesWritten: number;
  buildCache: { restored: number; skipped: number } | null;
  /** The go command that double-checks the result. */
  goCommand: string;
  plan: RestorePlan;
  durationMs: number;
}

/** "Restore through the toolchain": go mod download for a project against `modvault serve`. */
export interface ToolchainRestoreResult {
  snapshot: string;
  project: string;
  target: string;
  /** The GOPROXY the go command used. */
  goproxy: string;
  /** The go command as run. */
  command: string;
  exitCode: number;
  /** Module versions the proxy served (zips). */
  served: number;
  durationMs: number;
}
