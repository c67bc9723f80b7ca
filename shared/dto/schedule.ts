import type { AppError } from '../errors';
import type { ForgetResult, RetentionPolicy, SnapshotResult } from './store';
import type { PushResult } from './remote';

export const INTERVAL_UNITS = ['seconds', 'minutes', 'hours'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** Days of the week as cron numbers them: 0 is Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/**
 * When a schedule runs. Intervals count elapsed time from when the schedule was set (DST does
 * not move them); daily, weekly and cron times are wall-clock times in the schedule's zone.
 */
export type ScheduleSpec =
  | { kind: 'interval'; every: number; unit: IntervalUnit }
  | { kind: 'daily'; at: string }
  | { kind: 'weekly'; days: number[]; at: string }
  | { kind: 'cron'; expr: string };

export type ScheduleKind = ScheduleSpec['kind'];

/** What the user sets. */
export interface ScheduleConfig {
  /** Empty: the UI describes the schedule from its timing. */
  name: string;
  spec: ScheduleSpec;
  /** IANA time zone; null follows the machine's zone. */
  timezone: string | null;
  /** Also snapshot the build cache (GOCACHE). */
  gocache: boolean;
  /** Applied after each successful run (the store's forget); empty keeps everything. */
  retention: RetentionPolicy;
  /** Reclaim the space of forgotten snapshots right away. */
  prune: boolean;
  /** On battery, runs wait until the machine is on AC power again. */
  skipOnBattery: boolean;
  enabled: boolean;
  /** Push each new snapshot to this remote (its name on this machine); null: no push. */
  pushTo?: string | null;
}

/** Why a schedule is not running right now although a run is owed (or why it never will). */
export const SCHEDULE_WAITS = [
  'disabled',
  'paused',
  'running',
  'retry',
  'on-battery',
  'cache-lost',
  'catching-up',
] as const;
export type ScheduleWait = (typeof SCHEDULE_WAITS)[number];

export interface ScheduleState {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** The error of the last attempt; cleared by the next success. */
  lastError: AppError | null;
  lastSnapshot: string | null;
  /** Failed attempts since the last success. */
  failures: number;
  /** When a failed run is tried again (backoff). */
  retryAt: number | null;
  /** The process running it now ("pid@host"), if any. */
  runningBy: string | null;
  runningSince: number | null;
}

export interface ScheduleView extends ScheduleConfig {
  id: string;
  createdAt: number;
  updatedAt: number;
  pausedUntil: number | null;
  state: ScheduleState;
  /** The zone times are computed in (the machine's when `timezone` is null). */
  zone: string;
  /** The next five times of the schedule itself. */
  nextRuns: number[];
  /** When the next attempt will really happen (pause, retry, grace applied); null while held. */
  nextAttemptAt: number | null;
  /** A run is owed for this slot (it passed without a successful run yet). */
  owedSlot: number | null;
  waiting: ScheduleWait | null;
}

export interface SchedulePreview {
  runs: number[];
  zone: string;
}

export interface ScheduledRunResult {
  schedule: string;
  snapshot: SnapshotResult;
  /** What the retention policy removed; null without a policy or when held. */
  retention: ForgetResult | null;
  /** Why retention was not applied this time (a snapshot far smaller than the previous one). */
  retentionHeld: string | null;
  /** What the push to the schedule's remote did (none without `pushTo`). */
  push?: PushResult | null;
}

export interface SchedulesChanged {
  schedules: ScheduleView[];
}
