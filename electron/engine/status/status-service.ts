import type { ScanReport, VerifyReport } from '../../../shared/dto/cache';
import { DAMAGED_STATES, PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import type { JobFinished } from '../../../shared/dto/jobs';
import type {
  AppStatus,
  BackupStatus,
  CacheHealth,
  VerifyHealth,
} from '../../../shared/dto/status';
import type { CacheLost } from '../../../shared/dto/watch';
import type { JobRunner } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import type { PowerState } from '../platform/power-events';
import type { EventBus } from '../rpc/event-bus';
import { statusLevel } from './status-level';

/**
 * Where the last good backup and the next scheduled one come from. The snapshot store and the
 * scheduler provide it; without them the status has no backup section.
 */
export interface BackupStatusSource {
  /** Null while nothing schedules backups (a one-shot CLI command). */
  backupStatus(): Promise<BackupStatus | null> | BackupStatus | null;
}

export interface StatusServiceDeps {
  events: EventBus;
  jobs: JobRunner;
  power: PowerState;
  clock: Clock;
  backups?: BackupStatusSource;
}

/**
 * Summarizes what the tray, the dashboard and notifications show: running jobs, the last
 * failure, the cache health from the latest scan and verification, backups. Emits
 * `status.changed` when the summary changes (not on every progress tick).
 */
export class StatusService {
  private cache: CacheHealth | null = null;
  private verify: VerifyHealth | null = null;
  private lastFailure: AppStatus['lastFailure'] = null;
  private losses: CacheLost[] = [];
  private lastEmitted = '';
  private emitQueued = false;
  private readonly offs: (() => void)[];

  constructor(private readonly deps: StatusServiceDeps) {
    this.offs = [
      deps.events.on('job.started', () => this.changed()),
      deps.events.on('job.finished', (f) => this.onFinished(f)),
      deps.power.on(() => this.changed()),
      // The next backup moved, or backups were paused.
      deps.events.on('schedule.changed', () => this.changed()),
    ];
  }

  /** Lets the cache watcher (or anything that learns the cache state) report it. */
  reportCache(health: CacheHealth): void {
    this.cache = health;
    this.changed();
  }

  /** Lets the cache watcher report caches that are lost right now (empty: none). */
  reportLosses(losses: CacheLost[]): void {
    this.losses = losses;
    this.changed();
  }

  async status(): Promise<AppStatus> {
    const activeJobs = this.deps.jobs.active();
    const base = {
      activeJobs,
      lastFailure: this.lastFailure,
      cache: this.cache,
      verify: this.verify,
      cacheLost: this.losses,
    };
    const power = this.deps.power.snapshot();
    return {
      ...statusLevel(base),
      ...base,
      backup: this.deps.backups ? await this.deps.backups.backupStatus() : null,
      power: { onBattery: power.onBattery, lastResumeAt: power.lastResumeAt },
    };
  }

  private onFinished({ job, result }: JobFinished): void {
    if (job.status === 'failed') {
      this.lastFailure = {
        jobId: job.id,
        command: job.command,
        title: job.title,
        at: job.endedAt ?? this.deps.clock.now(),
        message: job.error?.message ?? 'Failed.',
      };
    } else if (job.status === 'succeeded') {
      if (this.lastFailure?.command === job.command) this.lastFailure = null;
      if (job.command === 'cache.scan') this.cache = cacheHealth(result as ScanReport);
      if (job.command === 'cache.verify')
        this.verify = verifyHealth(result as VerifyReport, job.endedAt ?? this.deps.clock.now());
    }
    this.changed();
  }

  private changed(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    // Coalesce bursts (a job ending and the next starting) into one event.
    queueMicrotask(() => {
      this.emitQueued = false;
      void this.status().then((s) => {
        const key = JSON.stringify({ ...s, activeJobs: s.activeJobs.map((j) => j.id) });
        if (key === this.lastEmitted) return;
        this.lastEmitted = key;
        this.deps.events.emit('status.changed', s);
      });
    });
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}

export function cacheHealth(r: ScanReport): CacheHealth {
  return {
    gomodcache: r.gomodcache,
    exists: r.exists,
    versions: r.totals.versions,
    damaged: r.modules.filter((m) => DAMAGED_STATES.has(m.state)).length,
    leftovers: r.leftovers.length,
    scannedAt: r.scannedAt,
  };
}

function verifyHealth(r: VerifyReport, at: number): VerifyHealth {
  let errors = 0;
  let warnings = 0;
  for (const p of r.problems) {
    const sev = PROBLEM_SEVERITY[p.kind];
    if (sev === 'error') errors++;
    else if (sev === 'warning') warnings++;
  }
  return { at, checked: r.checked, errors, warnings };
}
