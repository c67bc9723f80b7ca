import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { JobInfo, JobOutputLine, JobProgress, JobStatus } from '../../../shared/dto/jobs';
import { TERMINAL_STATUSES } from '../../../shared/dto/jobs';
import type { JobPhase } from '../../../shared/dto/job-phases';
import type { JobSummary } from '../../../shared/i18n/job-summary';
import { summarizeJob } from '../../../shared/i18n/job-summary';
import type { EventBus } from '../rpc/event-bus';
import type { Clock } from '../platform/clock';
import type { CrashGuard } from '../platform/crash-guard';
import type { Logger } from '../platform/logger';
import { canceledError, EngineError, toAppError } from '../errors';
import { EtaEstimator } from './eta';
import type { ResourceLocks } from './resource-locks';

export type ProgressUpdate = Partial<Omit<JobProgress, 'etaMs' | 'phase'>> & { phase?: JobPhase };

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  output(line: string, stream?: JobOutputLine['stream']): void;
  throwIfCanceled(): void;
}

export interface JobSpec<T> {
  command: string;
  title: string;
  /** Resources the job writes to; jobs sharing a key run one after the other. */
  locks?: string[];
  run(ctx: JobContext): Promise<T>;
}

interface JobRecord {
  info: JobInfo;
  result: unknown;
  controller: AbortController;
  eta: EtaEstimator;
  lastEmit: number;
  pendingEmit: unknown;
  output: JobOutputLine[];
  done: Promise<void>;
  /** Set when the job failed from a crash while its work may still run: settles with it. */
  abandoned: Promise<unknown> | null;
}

/** How long the locks of a crashed job's work stay held if that work never settles. */
const ABANDONED_GRACE_MS = 3_000;

function newRecord(info: JobInfo): JobRecord {
  return {
    info,
    result: undefined,
    controller: new AbortController(),
    eta: new EtaEstimator(),
    lastEmit: 0,
    pendingEmit: null,
    output: [],
    done: Promise.resolve(),
    abandoned: null,
  };
}

const PROGRESS_INTERVAL_MS = 100; // at most 10 progress events per second per job
const OUTPUT_LINES_KEPT = 2000;

export interface JobRunnerDeps {
  events: EventBus;
  clock: Clock;
  locks: ResourceLocks;
  logger: Logger;
  historyLimit?: number;
  /** Fails a job whose callbacks throw where nothing catches (instead of the process). */
  crashGuard?: CrashGuard;
  /** A finished job's one-line result (every window words it in its own language). */
  summarize?: (command: string, result: unknown) => JobSummary | null;
}

/** Runs long operations as jobs: ids, statuses, throttled progress, cancellation, locks. */
export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly historyLimit: number;

  constructor(private readonly deps: JobRunnerDeps) {
    this.historyLimit = deps.historyLimit ?? 200;
  }

  start<T>(spec: JobSpec<T>): JobInfo {
    const id = `${spec.command.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${randomBytes(4).toString('hex')}`;
    const info: JobInfo = {
      id,
      command: spec.command,
      title: spec.title,
      status: 'queued',
      createdAt: this.deps.clock.now(),
      startedAt: null,
      endedAt: null,
      progress: {
        phase: 'queued',
        done: 0,
        total: null,
        bytesDone: 0,
        bytesTotal: null,
        etaMs: null,
        message: null,
      },
      error: null,
    };
    const record = newRecord(info);
    // A job fans out to many concurrent subtasks, each listening for cancellation.
    setMaxListeners(0, record.controller.signal);
    this.jobs.set(id, record);
    this.trimHistory();
    this.deps.events.emit('job.started', { ...info });
    record.done = this.execute(record, spec);
    return { ...info };
  }

  private async execute<T>(record: JobRecord, spec: JobSpec<T>): Promise<void> {
    const { signal } = record.controller;
    let release: (() => void) | null = null;
    try {
      // Let start() return the job id before anything can finish.
      await Promise.resolve();
      if (spec.locks?.length) {
        if (spec.locks.some((k) => this.deps.locks.isHeld(k))) {
          this.setProgress(record, {
            phase: 'waiting',
            message: 'Waiting for another job to finish',
          });
        }
        release = await this.deps.locks.acquire(spec.locks, signal);
      }
      if (signal.aborted) throw canceledError();
      record.info.status = 'running';
      record.info.startedAt = this.deps.clock.now();
      this.setProgress(record, { phase: 'starting', message: null });
      const ctx = this.context(record);
      record.result = await this.guarded(record, () => spec.run(ctx));
      if (signal.aborted) throw canceledError();
      this.finish(record, 'succeeded');
    } catch (e) {
      const error =
        e instanceof JobCrash
          ? toAppError(e.cause)
          : signal.aborted
            ? canceledError().toAppError()
            : toAppError(e);
      record.info.error = error;
      if (error.code === 'INTERNAL')
        this.deps.logger.error('job crashed', {
          job: record.info.id,
          error: String((e as Error)?.stack ?? e),
        });
      this.finish(record, error.code === 'CANCELED' ? 'canceled' : 'failed');
    } finally {
      // A crashed job's work may still be writing: what it locks stays locked until it stops.
      if (release && record.abandoned)
        void Promise.race([
          record.abandoned,
          new Promise((r) => setTimeout(r, ABANDONED_GRACE_MS).unref()),
        ]).then(release);
      else release?.();
    }
  }

  /**
   * Runs the job's work in a crash scope of its own: an exception escaping from one of its
   * callbacks fails this job (its locks released, its work told to stop), not the process.
   */
  private guarded<T>(record: JobRecord, run: () => Promise<T>): Promise<T> {
    const guard = this.deps.crashGuard;
    if (!guard) return run();
    let crashed!: (e: JobCrash) => void;
    const crash = new Promise<never>((_, reject) => (crashed = reject));
    const work = guard.run(
      {
        name: `job ${record.info.id}`,
        fail: (e) => {
          record.abandoned ??= work.catch(() => {});
          crashed(new JobCrash(e));
          record.controller.abort(canceledError());
        },
      },
      run,
    );
    // The work may still settle after a crash: nobody waits for it any more.
    work.catch(() => {});
    return Promise.race([work, crash]);
  }

  private context(record: JobRecord): JobContext {
    const { signal } = record.controller;
    return {
      jobId: record.info.id,
      signal,
      progress: (update) => this.setProgress(record, update),
      output: (line, stream = 'info') => {
        const entry: JobOutputLine = {
          jobId: record.info.id,
          stream,
          line,
          time: this.deps.clock.now(),
        };
        record.output.push(entry);
        if (record.output.length > OUTPUT_LINES_KEPT) record.output.shift();
        this.deps.events.emit('job.output', entry);
      },
      throwIfCanceled: () => {
        if (signal.aborted) throw canceledError();
      },
    };
  }

  private setProgress(record: JobRecord, update: ProgressUpdate): void {
    const p = record.info.progress;
    Object.assign(p, update);
    const byBytes = p.bytesTotal !== null && p.bytesTotal > 0;
    p.etaMs = record.eta.sample(
      this.deps.clock.now(),
      byBytes ? p.bytesDone : p.done,
      byBytes ? p.bytesTotal : p.total,
    );
    this.scheduleEmit(record);
  }

  private scheduleEmit(record: JobRecord): void {
    if (record.pendingEmit !== null) return;
    const wait = record.lastEmit + PROGRESS_INTERVAL_MS - this.deps.clock.now();
    if (wait <= 0) return this.emitProgress(record);
    record.pendingEmit = this.deps.clock.setTimeout(() => {
      record.pendingEmit = null;
      this.emitProgress(record);
    }, wait);
  }

  private emitProgress(record: JobRecord): void {
    if (TERMINAL_STATUSES.includes(record.info.status)) return;
    record.lastEmit = this.deps.clock.now();
    this.deps.events.emit('job.progress', {
      ...record.info,
      progress: { ...record.info.progress },
    });
  }

  private finish(record: JobRecord, status: JobStatus): void {
    if (record.pendingEmit !== null) {
      this.deps.clock.clearTimeout(record.pendingEmit);
      record.pendingEmit = null;
    }
    record.info.status = status;
    record.info.endedAt = this.deps.clock.now();
    record.info.progress.etaMs = status === 'succeeded' ? 0 : null;
    record.info.progress.phase = status;
    if (status === 'succeeded')
      record.info.summary = (this.deps.summarize ?? summarizeJob)(
        record.info.command,
        record.result,
      );
    this.deps.events.emit('job.finished', {
      job: { ...record.info, progress: { ...record.info.progress } },
      result: status === 'succeeded' ? record.result : null,
    });
  }

  /**
   * Adds a job that ended elsewhere to the history (one a previous engine process was running
   * when it died), announced like any job's end.
   */
  record(info: JobInfo): void {
    if (this.jobs.has(info.id) || !TERMINAL_STATUSES.includes(info.status)) return;
    this.jobs.set(info.id, newRecord({ ...info, progress: { ...info.progress } }));
    this.trimHistory();
    this.deps.events.emit('job.finished', { job: this.get(info.id), result: null });
  }

  get(id: string): JobInfo {
    const record = this.jobs.get(id);
    if (!record) throw new EngineError('NOT_FOUND', `No job with id ${id}.`);
    return { ...record.info, progress: { ...record.info.progress } };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()]
      .map((r) => ({ ...r.info, progress: { ...r.info.progress } }))
      .reverse();
  }

  output(id: string): JobOutputLine[] {
    const record = this.jobs.get(id);
    if (!record) throw new EngineError('NOT_FOUND', `No job with id ${id}.`);
    return [...record.output];
  }

  cancel(id: string): boolean {
    const record = this.jobs.get(id);
    if (!record) throw new EngineError('NOT_FOUND', `No job with id ${id}.`);
    if (TERMINAL_STATUSES.includes(record.info.status)) return false;
    record.controller.abort(canceledError());
    return true;
  }

  /** Resolves when the job ends, with its final info and (on success) its result. */
  async wait(id: string): Promise<{ info: JobInfo; result: unknown }> {
    const record = this.jobs.get(id);
    if (!record) throw new EngineError('NOT_FOUND', `No job with id ${id}.`);
    await record.done;
    return { info: this.get(id), result: record.result };
  }

  active(): JobInfo[] {
    return this.list().filter((j) => !TERMINAL_STATUSES.includes(j.status));
  }

  /** Cancels every unfinished job and waits for them to settle (used on quit). */
  async shutdown(): Promise<void> {
    const pending = [...this.jobs.values()].filter(
      (r) => !TERMINAL_STATUSES.includes(r.info.status),
    );
    for (const r of pending) r.controller.abort(canceledError());
    await Promise.all(pending.map((r) => r.done));
  }

  private trimHistory(): void {
    for (const [id, r] of this.jobs) {
      if (this.jobs.size <= this.historyLimit) break;
      if (TERMINAL_STATUSES.includes(r.info.status)) this.jobs.delete(id);
    }
  }
}

/** The error that escaped from a job's callback, failing it. */
class JobCrash extends Error {
  constructor(override readonly cause: unknown) {
    super('crashed');
  }
}
