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
