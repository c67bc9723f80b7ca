import type { EngineClient } from '../../../../shared/client';
import type { JobInfo, JobOutputLine } from '../../../../shared/dto/jobs';
import { TERMINAL_STATUSES } from '../../../../shared/dto/jobs';

const OUTPUT_LINES_KEPT = 2000;

/** One job's output lines, appended as they arrive. */
export class JobOutput {
  lines = $state.raw<JobOutputLine[]>([]);

  append(line: JobOutputLine): void {
    this.lines = [...this.lines.slice(-(OUTPUT_LINES_KEPT - 1)), line];
  }
}

/**
 * Every job the engine knows (this session), kept current from job.* events, and the output of
 * the jobs someone is looking at.
 */
export class JobsState {
  /** Newest first. Replaced, not mutated: progress events arrive up to 10/s per job. */
  list = $state.raw<JobInfo[]>([]);
  // Each JobOutput is reactive itself; the map only finds it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly outputs = new Map<string, JobOutput>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private readonly finishHandlers = new Set<(job: JobInfo) => void>();

  constructor(private readonly client: EngineClient) {
    client.on('job.started', (j) => this.upsert(j));
    client.on('job.progress', (j) => this.upsert(j));
    client.on('job.finished', (f) => {
      this.upsert(f.job);
      for (const fn of this.finishHandlers) fn(f.job);
    });
    client.on('job.output', (line) => {
      this.outputs.get(line.jobId)?.append(line);
    });
  }

  async load(): Promise<void> {
    this.list = await this.client.query('jobs.list', {});
  }

  get(id: string | null): JobInfo | null {
    return id ? (this.list.find((j) => j.id === id) ?? null) : null;
  }

  get active(): JobInfo[] {
    return this.list.filter((j) => !TERMINAL_STATUSES.includes(j.status));
  }

  /** The output of a job, loaded once and then followed live. */
  output(id: string): JobOutput {
    let out = this.outputs.get(id);
    if (!out) {
      const target = new JobOutput();
      out = target;
      this.outputs.set(id, target);
      void this.client.query('jobs.output', { id }).then(
        (past) => {
          // Lines that arrived live while loading are already in `past` too.
          const seen = past.length ? past[past.length - 1]!.time : 0;
          target.lines = [...past, ...target.lines.filter((l) => l.time > seen)];
        },
        () => {},
      );
    }
    return out;
  }

  cancel(id: string): Promise<unknown> {
    return this.client.query('jobs.cancel', { id });
  }

  onFinished(fn: (job: JobInfo) => void): () => void {
    this.finishHandlers.add(fn);
    return () => this.finishHandlers.delete(fn);
  }

  private upsert(job: JobInfo): void {
    const i = this.list.findIndex((j) => j.id === job.id);
    if (i < 0) this.list = [job, ...this.list];
    else this.list = this.list.map((j, k) => (k === i ? job : j));
  }
}
