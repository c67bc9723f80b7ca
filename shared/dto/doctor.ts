import type { Severity } from './cache';

export type DoctorArea = 'environment' | 'cache' | 'projects';

/**
 * What `doctor --fix` can do about a finding. Every action is re-verified afterwards; whatever
 * it replaces is quarantined first, so a failed repair is rolled back.
 */
export const FIX_ACTIONS = [
  'reextract-tree',
  'rebuild-ziphash',
  'rebuild-mod',
  'restore-from-snapshot',
  'redownload',
  'remove-leftover',
  'fix-gosum-line',
] as const;
export type FixAction = (typeof FIX_ACTIONS)[number];

export interface DoctorFinding {
  /** Stable id: "<check>:<module>@<version>", "<check>:<file>" or "env/<check>". */
  id: string;
  /** What was checked, e.g. "zip-mismatch", "gocache-off", "goproxy". */
  check: string;
  area: DoctorArea;
  severity: Severity;
  /** Module path for cache findings; the file or folder otherwise. */
  path?: string;
  version?: string;
  /** The file the finding is about, when it is not `path`. */
  file?: string;
  message: string;
  /** Why it matters: what Go does with it. */
  explanation: string;
  /** What to do, in one sentence. */
  fix?: string;
  /** What `doctor --fix` does about it (absent: a person has to act). */
  action?: FixAction;
  /**
   * Arguments of the `modvault` command that fixes it when that is not `doctor --fix` (e.g.
   * `restore <snapshot>` for a deleted cache); the CLI prints it, the UI offers its own way.
   */
  command?: string[];
  /** The same sentences as i18n catalog keys, for a UI to word them in its language. */
  text?: FindingText;
  /** A checksum dispute settled between the witnesses (finding "checksum:<module>@<version>"). */
  verdict?: ChecksumVerdict;
  /** The verdict finding that explains this one (and whose repair covers it). */
  explainedBy?: string;
}

/**
 * Who holds a checksum for a version: the cached zip, its .ziphash, the extracted tree, the cached
 * .mod, the go.mod inside the zip, a project's go.sum, a ModVault snapshot, the checksum database.
 */
export type ChecksumParty =
  'zip' | 'ziphash' | 'tree' | 'mod' | 'zip-gomod' | 'gosum' | 'snapshot' | 'sumdb';

export interface ChecksumWitness {
  party: ChecksumParty;
  /** The hash it holds; null when it has none (a missing file, a silent database). */
  h1: string | null;
  /** Whether it holds the hash the version must have; null when that is undecided or h1 is null. */
  agrees: boolean | null;
  /** The go.sum file, or the checksum database's name. */
  source?: string;
}

/**
 * Which witness is wrong: the zip alone, the .ziphash alone, the cache's copy (zip and .ziphash
 * consistently), the cached .mod, go.sum line(s), the cache and some go.sum lines, or — gravely —
 * the checksum database against both go.sum and the cache (a poisoned proxy or a go.sum written by
 * a compromised tool), a database answer that fails verification, or nobody can tell.
 */
export type ChecksumCulprit =
  | 'zip'
  | 'ziphash'
  | 'cache'
  | 'mod'
  | 'gosum'
  | 'cache-and-gosum'
  | 'sumdb-disagrees'
  | 'sumdb-misbehaving'
  | 'undecided';

/** Why the checksum database did not speak. */
export type SumdbSilence =
  | { reason: 'off' }
  | { reason: 'private'; variable: 'GONOSUMDB' | 'GOPRIVATE'; pattern: string }
  | { reason: 'invalid'; error: string }
  | { reason: 'unreachable'; name: string; error: string }
  | { reason: 'not-found'; name: string }
  | { reason: 'no-line'; name: string }
  | { reason: 'misbehaving'; name: string; error: string };

export interface ChecksumVerdict {
  /** The module's zip hash ("m v h1:") or its go.mod hash ("m v/go.mod h1:"). */
  subject: 'zip' | 'go.mod';
  culprit: ChecksumCulprit;
  /** The hash the version must have, when it could be decided. */
  truth: string | null;
  witnesses: ChecksumWitness[];
  /** Why the checksum database is not among the witnesses (null: it answered). */
  sumdb: SumdbSilence | null;
  /** go.sum files whose line is wrong (what the fix-gosum-line repair rewrites). */
  wrongSums: { file: string; h1: string }[];
}

/**
 * Keys of the shared i18n catalog (`doctor.env.*`, `doctor.explain.*`, `doctor.action.*`) and
 * their parameters; `message`, `explanation` and `fix` above are their English rendering. A key
 * is absent when the engine's sentence carries details only it has (a verifier's reason).
 */
export interface FindingText {
  message?: string;
  explanation?: string;
  fix?: string;
  params: Record<string, string | number>;
}

export interface DoctorFixResult {
  action: FixAction;
  /** The findings this repair addresses. */
  findingIds: string[];
  path: string;
  version: string | null;
  ok: boolean;
  /** Re-checked after the repair: none of its findings remain. */
  verified: boolean;
  message: string;
  /** Where the replaced files went (undo handle), when something was set aside. */
  quarantineId: string | null;
  /** The go.sum backup that undoes a fix-gosum-line repair (`modvault doctor --undo-gosum`). */
  gosumBackupId?: string;
}

export interface DoctorReport {
  findings: DoctorFinding[];
  /** Repairs made with --fix (empty otherwise). */
  fixes: DoctorFixResult[];
  /** With --fix: the findings of the check run after the repairs. */
  remaining: DoctorFinding[] | null;
  counts: Record<Severity, number>;
  gomodcache: string;
  gocache: string;
  projects: string[];
  durationMs: number;
}
