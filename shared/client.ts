import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EventMap,
  EventName,
  JobCommandName,
  JobResult,
  QueryCommandName,
} from './contract';
import type { AppError } from './errors';
import type { JobFinished, JobInfo, JobOutputLine } from './dto/jobs';
import type { Result } from './result';

/** What a client needs from a transport: IPC, WebSocket, or the engine in the same process. */
export interface Transport {
  invoke(cmd: string, req: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, fn: (payload: EventMap[E]) => void): () => void;
}

/** A failed command, carrying the engine's AppError. */
export class CommandError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CommandError';
  }
}

export interface RunJobOptions {
  onProgress?: (job: JobInfo) => void;
  onOutput?: (line: JobOutputLine) => void;
  onStarted?: (jobId: string) => void;
  signal?: AbortSignal;
}

/** Typed calls over any transport; the CLI and the renderer use the very same client. */
export class EngineClient {
  constructor(private readonly transport: Transport) {}

  async call<K extends CommandName>(cmd: K, req: CommandInput<K>): Promise<CommandOutput<K>> {
    const result = await this.transport.invoke(cmd, req);
    if (!result.ok) throw new CommandError(result.error);
    return result.value as CommandOutput<K>;
  }

  query<K extends QueryCommandName>(cmd: K, req: CommandInput<K>): Promise<CommandOutput<K>> {
    return this.call(cmd, req);
  }

  on<E extends EventName>(event: E, fn: (payload: EventMap[E]) => void): () => void {
    return this.transport.on(event, fn);
  }

  /** Starts a job command and resolves with its result once the job succeeds. */
  async runJob<K extends JobCommandName>(
    cmd: K,
    req: CommandInput<K>,
    opts: RunJobOptions = {},
  ): Promise<JobResult<K>> {
    // Subscribe before starting: a short job may finish before its id comes back.
    const finished = new Map<string, JobFinished>();
    let jobId: string | null = null;
    let settle: ((f: JobFinished) => void) | null = null;
    const offs = [
      this.transport.on('job.finished', (f) => {
        if (jobId === null) finished.set(f.job.id, f);
        else if (f.job.id === jobId) settle?.(f);
      }),
      this.transport.on('job.progress', (j) => {
        if (j.id === jobId) opts.onProgress?.(j);
      }),
      this.transport.on('job.output', (l) => {
        if (l.jobId === jobId) opts.onOutput?.(l);
      }),
    ];
    const onAbort = () => {
      if (jobId) void this.transport.invoke('jobs.cancel', { id: jobId });
    };
    try {
      const started = (await this.call(cmd, req)) as { jobId: string };
      jobId = started.jobId;
      opts.onStarted?.(jobId);
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const end =
        finished.get(jobId) ?? (await new Promise<JobFinished>((resolve) => (settle = resolve)));
      if (end.job.status !== 'succeeded') {
        throw new CommandError(
          end.job.error ?? { code: 'INTERNAL', message: `Job ${end.job.status}.` },
        );
      }
      return end.result as JobResult<K>;
    } finally {
      for (const off of offs) off();
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}
