import type { CacheAbsence, ProblemKind, Severity } from './cache';

/**
 * The module cache's health as every page, the tray and the CLI's `status` see it, from one
 * place: the latest scan, the latest verification (a verify run or the doctor's), the doctor's
 * findings — each with its time.
 *   unknown     nothing scanned yet
 *   first-run   no module cache: Go has not downloaded anything (nothing is wrong)
 *   cache-gone  the cache was deleted (a snapshot of it exists, or the watcher saw it go)
 *   problems    findings that need a repair (or environment errors/warnings)
 *   unchecked   scanned, nothing wrong seen, but nothing verified yet: not "healthy"
 *   healthy     verified, and nothing found since
 */
export const HEALTH_STATES = [
  'unknown',
  'first-run',
  'cache-gone',
  'problems',
  'unchecked',
  'healthy',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export type FindingSource = 'scan' | 'verify' | 'doctor';

/**
 * The backup store's side of the health: an index that cannot describe the store (store
 * repair rebuilds it), and blobs found missing or damaged (by check, a restore, a snapshot or
 * repair) that some snapshots need; the next backup of a cache that still has them heals them.
 */
export interface StoreHealth {
  store: string;
  damage: { message: string; fix: string } | null;
  damagedBlobs: number;
  /** Snapshots that cannot be restored completely because of those blobs. */
  snapshots: string[];
}

/** One problem of one version (or a leftover, with an empty version). */
export interface HealthFinding {
  path: string;
  version: string;
  kind: ProblemKind;
  severity: Severity;
  detail: string;
  source: FindingSource;
  /** When it was found (ms). */
  at: number;
}

export interface Health {
  state: HealthState;
  gomodcache: string | null;
  scannedAt: number | null;
  /** Versions in the latest scan. */
  versions: number;
  /** The latest verification of this cache; null: never verified while the app ran. */
  checked: { at: number; by: 'verify' | 'doctor'; deep: boolean; versions: number } | null;
  /** What is wrong now, most serious first; findings repaired or outdated since are gone. */
  findings: HealthFinding[];
  /** Versions with an error finding, and with warnings only. */
  errors: number;
  warnings: number;
  /** The doctor's latest environment findings (Go, GOCACHE, settings, disk space). */
  environment: { at: number; errors: number; warnings: number } | null;
  /** Why the cache is missing (cache-gone, first-run). */
  absence: CacheAbsence | null;
  /**
   * The backup store (null: not read, as in one-shot CLI commands, or no store yet). `state`
   * stays the module cache's; a damaged store is a status reason beside it.
   */
  store?: StoreHealth | null;
}
