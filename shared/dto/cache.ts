/**
 * State of one module version in the module cache (see GO-CACHE.md):
 * ok (tree extracted and usable), zip-only (not extracted: normal, Go extracts on demand),
 * mod-only (only .mod/.info: Go needed just the go.mod for the module graph — normal),
 * tree-only (zip and ziphash gone: Go needs the network), partial (.partial left over),
 * corrupt (see `reason`).
 */
export const VERSION_STATES = [
  'ok',
  'zip-only',
  'mod-only',
  'tree-only',
  'partial',
  'corrupt',
] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** States that need a repair (the others are normal ways for Go to leave a version). */
export const DAMAGED_STATES: ReadonlySet<VersionState> = new Set([
  'corrupt',
  'partial',
  'tree-only',
]);

export interface ModuleVersionInfo {
  /** Module path and version, unescaped (as in go.mod and go.sum). */
  path: string;
  version: string;
  state: VersionState;
  /** Why the version is corrupt (or null when it is not). */
  reason: string | null;
  /** The same findings, one per problem, with a machine-readable kind. */
  problems: { kind: ProblemKind; detail: string }[];
  zip: boolean;
  extracted: boolean;
  mod: boolean;
  info: boolean;
  /** Contents of the .ziphash file when well-formed. */
  ziphash: string | null;
  zipBytes: number;
  /** Uncompressed size of the tree, from the zip's central directory (or the tree itself). */
  treeBytes: number;
  fileCount: number;
  /** Download time: mtime of the zip, or of the ziphash/.mod when the zip is gone (ms). */
  downloadedAt: number | null;
  /** golang.org/toolchain versions are Go toolchains downloaded by GOTOOLCHAIN. */
  toolchain: boolean;
}

export type LeftoverKind = 'tmp-file' | 'tmp-dir' | 'partial-file' | 'orphan-dir';

export interface Leftover {
  path: string;
  kind: LeftoverKind;
  bytes: number;
}

export interface ScanTotals {
  versions: number;
  modules: number;
  zipBytes: number;
  treeBytes: number;
  leftoverBytes: number;
  byState: Record<VersionState, number>;
  /**
   * The "Toolchains" category: golang.org/toolchain versions (Go toolchains GOTOOLCHAIN
   * downloaded), also counted in the figures above.
   */
  toolchains: { versions: number; zipBytes: number; treeBytes: number };
}

/**
 * Why a module cache is not there. With a snapshot of it, it was deleted (restore it from that
 * snapshot); without, Go has not downloaded anything yet: a first run, not an incident.
 */
export interface CacheAbsence {
  /** The newest snapshot of this very cache (null: it was never backed up here). */
  snapshot: { id: string; time: string; versions: number } | null;
  /** Snapshots in the store of any cache (imports included): what Restore could use. */
  snapshots: number;
}

export interface ScanReport {
  gomodcache: string;
  exists: boolean;
  /** When the cache does not exist: was it lost, or is this a first run? (scan jobs only) */
  absence?: CacheAbsence | null;
  scannedAt: number;
  modules: ModuleVersionInfo[];
  leftovers: Leftover[];
  totals: ScanTotals;
}

export const PROBLEM_KINDS = [
  'zip-mismatch',
  'tree-mismatch',
  'gosum-mismatch',
  'mod-mismatch',
  'gosum-conflict',
  'zip-unreadable',
  'zip-invalid',
  'ziphash-invalid',
  'ziphash-missing',
  'mod-missing',
  'mod-unreadable',
  'info-invalid',
  'tree-only',
  'partial',
  'tree-unreadable',
  'leftover',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface VerifyProblem {
  path: string;
  version: string;
  kind: ProblemKind;
  detail: string;
  /** The file the problem was found in. */
  file: string | null;
  /** Projects whose go.sum was involved. */
  projects: string[];
}

export interface VerifyReport {
  gomodcache: string;
  /** False: there is no module cache to verify (see `absence`). */
  exists: boolean;
  absence?: CacheAbsence | null;
  checked: number;
  deep: boolean;
  projects: string[];
  problems: VerifyProblem[];
  /**
   * Extracted trees hashed, and trees whose stat signature had not changed since they last
   * verified (not hashed again: the default check costs stat calls for those).
   */
  trees?: { hashed: number; unchanged: number };
  durationMs: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** How serious each finding is: errors break builds or signal tampering; info needs no action. */
export const PROBLEM_SEVERITY: Record<ProblemKind, Severity> = {
  'zip-mismatch': 'error',
  'tree-mismatch': 'error',
  'gosum-mismatch': 'error',
  'mod-mismatch': 'error',
  'gosum-conflict': 'error',
  'zip-unreadable': 'error',
  'zip-invalid': 'error',
  'ziphash-invalid': 'error',
  'ziphash-missing': 'info',
  'mod-missing': 'error',
  'mod-unreadable': 'error',
  'info-invalid': 'warning',
  'tree-only': 'warning',
  partial: 'warning',
  'tree-unreadable': 'error',
  leftover: 'info',
};
