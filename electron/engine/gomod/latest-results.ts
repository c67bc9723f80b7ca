import type { LatestCacheResults } from '../../../shared/contract/cache-results';
import type { ScanReport, VerifyReport } from '../../../shared/dto/cache';
import type { JobRunner } from '../jobs/job-runner';
import type { EventBus } from '../rpc/event-bus';
import type { HandlerGroup } from '../rpc/router';

/**
 * Keeps the newest scan and verification reports, so a window opening later shows them at once
 * instead of scanning again (the desktop app and `modvault ui` scan at startup).
 */
export class LatestResults {
  private scan: ScanReport | null = null;
  private verify: VerifyReport | null = null;
  private readonly off: () => void;

  constructor(
    events: EventBus,
    private readonly jobs: JobRunner,
  ) {
    this.off = events.on('job.finished', ({ job, result }) => {
      if (job.status !== 'succeeded') return;
      if (job.command === 'cache.scan') this.scan = result as ScanReport;
      if (job.command === 'cache.verify') this.verify = result as VerifyReport;
    });
  }

  latest(): LatestCacheResults {
    return {
      scan: this.scan,
      verify: this.verify,
      scanning: this.jobs.active().some((j) => j.command === 'cache.scan'),
    };
  }

  handlers(): HandlerGroup<'cache.latest'> {
    return { 'cache.latest': () => this.latest() };
  }

  dispose(): void {
    this.off();
  }
}
