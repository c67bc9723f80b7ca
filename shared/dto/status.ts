import type { DemoInfo } from './demo';
import type { Health } from './health';
import type { JobInfo } from './jobs';
import type { CacheLost, WatchedCache } from './watch';

/** The tray icon's states, strongest last: error beats warning beats running beats idle. */
export const STATUS_LEVELS = ['idle', 'running', 'warning', 'error'] as const;
export type StatusLevel = (typeof STATUS_LEVELS)[number];

export interface CacheHealth {
  gomodcache: string;
  exists: boolean;
  versions: number;
  /** Versions in a damaged state (corrupt, partial, tree-only) not (yet) verified as such. */
  damaged: number;
  /** No module cache, and nothing lost: Go has not created one yet. */
  firstRun?: boolean;
  leftovers: number;
  scannedAt: number;
}

export interface VerifyHealth {
  at: number;
  checked: number;
  errors: number;
  warnings: number;
}

/** Filled by the backup and schedule services; null while none is wired in. */
export interface BackupStatus {
  lastGoodAt: number | null;
  nextAt: number | null;
  pausedUntil: number | null;
}

export interface AppStatus {
  level: StatusLevel;
  /** Why the level is what it is, most serious first (machine-readable). */
  reasons: StatusReason[];
  activeJobs: JobInfo[];
  lastFailure: {
    jobId: string;
    command: string;
    title: string;
    at: number;
    message: string;
  } | null;
  cache: CacheHealth | null;
  verify: VerifyHealth | null;
  /** Caches the watcher saw deleted (or mostly deleted) and not yet back. */
  cacheLost: CacheLost[];
  backup: BackupStatus | null;
  /** The health every page shows (see Health); `cache` and `verify` are summaries of it. */
  health: Health;
  /** The demo cache while it is in use instead of the real module cache. */
  demo?: DemoInfo | null;
  power: { onBattery: boolean; lastResumeAt: number | null };
}

export type StatusReason =
  | { kind: 'job-running'; title: string }
  | { kind: 'job-failed'; title: string; message: string }
  | { kind: 'cache-missing'; path: string }
  | { kind: 'cache-lost'; cache: WatchedCache; gone: number; snapshot: string | null }
  | { kind: 'cache-damaged'; count: number }
  | { kind: 'verify-errors'; count: number }
  | { kind: 'verify-warnings'; count: number }
  | { kind: 'environment'; errors: number; warnings: number }
  | { kind: 'store-damaged'; store: string; message: string }
  | { kind: 'store-blobs-damaged'; blobs: number; snapshots: number };
