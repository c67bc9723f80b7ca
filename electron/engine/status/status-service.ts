import type { DemoInfo } from '../../../shared/dto/demo';
import type { Health, StoreHealth } from '../../../shared/dto/health';
import type { JobFinished } from '../../../shared/dto/jobs';
import type {
  AppStatus,
  BackupStatus,
  CacheHealth,
  VerifyHealth,
} from '../../../shared/dto/status';
import type { CacheLost } from '../../../shared/dto/watch';
import { LatestResults } from '../gomod/latest-results';
import type { JobRunner } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import type { PowerState } from '../platform/power-events';
import type { EventBus } from '../rpc/event-bus';
import { deriveHealth, sourceCounts } from './health';
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
  /** The latest scan, verification and doctor report (one is made when not given). */
  latest?: LatestResults;
  /** The demo cache while it is in use. */
  demo?: () => DemoInfo | null;
  /** The backup store's health (damaged index, damaged blobs); none: not part of the status. */
  store?: () => Promise<StoreHealth | null>;
}

/**
 * Summarizes what the tray, the dashboard and notifications show: running jobs, the last
 * failure, the cache health (derived from the latest scan, verification and doctor report, see
 * health.ts), backups. Emits `status.changed` when the summary changes (not on every progress
 * tick): after every scan, verification, doctor run, repair, cleanup and restore.
 */
export class StatusService {
  private readonly latest: LatestResults;
  private lastFailure: AppStatus['lastFailure'] = null;
  private losses: CacheLost[] = [];
  private lastEmitted = '';
  private emitQueued = false;
  private readonly offs: (() => void)[];

  constructor(private readonly deps: StatusServiceDeps) {
    this.latest = deps.latest ?? new LatestResults(deps.events, deps.jobs);
    this.offs = [
      deps.events.on('job.started', () => this.changed()),
      deps.events.on('job.finished', (f) => this.onFinished(f)),
      deps.power.on(() => this.changed()),
      // The next backup moved, or backups were paused.
      deps.events.on('schedule.changed', () => this.changed()),
    ];
  }

  /** Lets the cache watcher report caches that are lost right now (empty: none). */
  reportLosses(losses: CacheLost[]): void {
    this.losses = losses;
    this.changed();
  }

  async status(): Promise<AppStatus> {
    const activeJobs = this.deps.jobs.active();
    const health = deriveHealth({
      ...this.latest.inputs(),
      losses: this.losses,
      store: (await this.deps.store?.()) ?? null,
    });
    const base = {
      activeJobs,
      lastFailure: this.lastFailure,
      cache: cacheSummary(health),
      verify: verifySummary(health),
      cacheLost: this.losses,
      health,
    };
    const power = this.deps.power.snapshot();
    return {
      ...statusLevel(base),
      ...base,
      backup: this.deps.backups ? await this.deps.backups.backupStatus() : null,
      demo: this.deps.demo?.() ?? null,
      power: { onBattery: power.onBattery, lastResumeAt: power.lastResumeAt },
    };
  }

  private onFinished({ job }: JobFinished): void {
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
    if (!this.deps.latest) this.latest.dispose();
  }
}

/** The scan's side of the health: what only the scan has seen (no verification since). */
function cacheSummary(h: Health): CacheHealth | null {
  if (h.scannedAt === null || h.gomodcache === null) return null;
  const fromScan = sourceCounts(h, 'scan');
  return {
    gomodcache: h.gomodcache,
    exists: h.state !== 'first-run' && !(h.state === 'cache-gone' && h.absence !== null),
    versions: h.versions,
    damaged: fromScan.errors + fromScan.warnings,
    leftovers: h.findings.filter((f) => f.kind === 'leftover').length,
    scannedAt: h.scannedAt,
    firstRun: h.state === 'first-run',
  };
}

/** The verification's side: what the latest verify or doctor run found and still holds. */
function verifySummary(h: Health): VerifyHealth | null {
  if (!h.checked) return null;
  const verify = sourceCounts(h, 'verify');
  const doctor = sourceCounts(h, 'doctor');
  return {
    at: h.checked.at,
    checked: h.checked.versions,
    errors: verify.errors + doctor.errors,
    warnings: verify.warnings + doctor.warnings,
  };
}
