import { readFileSync } from 'node:fs';
import type { JobInfo } from '../../../shared/dto/jobs';
import { TERMINAL_STATUSES } from '../../../shared/dto/jobs';
import { writeFileAtomic } from '../platform/atomic-file';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EventBus } from '../rpc/event-bus';
import type { JobRunner } from './job-runner';

/**
 * The jobs the engine is running, kept in a small file beside its lock. An engine that dies
 * (killed, out of memory, a native crash) cannot report its jobs; the next engine reads the
 * file and lists them as failed, so no front end shows a job running forever or silently gone.
 */
export class JobJournal {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly file: string,
    private readonly jobs: JobRunner,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Lists the jobs a previous engine left running as failed; returns how many. */
  recover(): number {
    let left: JobInfo[];
    try {
      left = JSON.parse(readFileSync(this.file, 'utf8')) as JobInfo[];
      if (!Array.isArray(left)) return 0;
    } catch {
      return 0; // none, or a torn file from a crash: nothing to report
    }
    const now = this.clock.now();
    const interrupted = left.filter(
      (job) => typeof job?.id === 'string' && !TERMINAL_STATUSES.includes(job.status),
    );
    for (const job of interrupted) {
      this.jobs.record({
        ...job,
        status: 'failed',
        endedAt: now,
        progress: { ...job.progress, phase: 'failed', etaMs: null },
        error: {
          code: 'INTERNAL',
          message:
            'ModVault stopped while this job was running (its engine process ended unexpectedly). What it had not finished was not kept.',
          fix: 'Run it again. Completed snapshots and restored versions are intact.',
        },
      });
    }
    if (interrupted.length)
      this.logger.warn('jobs interrupted by an engine crash', {
        jobs: interrupted.map((j) => j.id),
      });
    this.save();
    return interrupted.length;
  }

  /** Follows job starts and ends from now on. */
  start(): void {
    this.offs.push(
      this.events.on('job.started', () => this.save()),
      this.events.on('job.finished', () => this.save()),
    );
  }

  private save(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      try {
        await writeFileAtomic(this.file, JSON.stringify(this.jobs.active()), 0o600);
      } catch (e) {
        this.logger.warn('job journal not written', { file: this.file, error: String(e) });
      }
    });
  }

  /** Stops following; the engine ended cleanly, so nothing is left running. */
  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.save();
    await this.writing;
  }
}
