import type { LatestCacheResults } from '../../../shared/contract/cache-results';
import type { ScanReport, VerifyReport } from '../../../shared/dto/cache';
import type { DoctorReport } from '../../../shared/dto/doctor';
import type { JobRunner } from '../jobs/job-runner';
import type { EventBus } from '../rpc/event-bus';
import type { HandlerGroup } from '../rpc/router';
import type { Dated, HealthInputs } from '../status/health';

/**
 * Keeps the newest scan, verification and doctor report, with their times: a window opening
 * later shows them at once instead of scanning again (the desktop app and `modvault ui` scan at
 * startup), and the health every page and the tray show is derived from them (status/health).
 */
export class LatestResults {
  private scan: ScanReport | null = null;
  private verify: Dated<VerifyReport> | null = null;
  private doctor: Dated<DoctorReport> | null = null;
  private readonly off: () => void;

  constructor(
    events: EventBus,
    private readonly jobs: JobRunner,
  ) {
    this.off = events.on('job.finished', ({ job, result }) => {
      if (job.status !== 'succeeded') return;
      const at = job.endedAt ?? Date.now();
      if (job.command === 'cache.scan') this.scan = result as ScanReport;
      if (job.command === 'cache.verify') this.verify = { report: result as VerifyReport, at };
      if (job.command === 'doctor.run') this.doctor = { report: result as DoctorReport, at };
    });
  }

  latest(): LatestCacheResults {
    return {
      scan: this.scan,
      verify: this.verify?.report ?? null,
      scanning: this.jobs.active().some((j) => j.command === 'cache.scan'),
    };
  }

  /** What the health is derived from (the cache watcher adds its losses). */
  inputs(): Omit<HealthInputs, 'losses'> {
    return { scan: this.scan, verify: this.verify, doctor: this.doctor };
  }

  handlers(): HandlerGroup<'cache.latest'> {
    return { 'cache.latest': () => this.latest() };
  }

  dispose(): void {
    this.off();
  }
}
