import { Worker } from 'node:worker_threads';
import { canceledError } from '../errors';
import type { Logger } from './logger';
import type {
  SerializedError,
  TaskArgs,
  TaskName,
  TaskRequest,
  TaskResponse,
  TaskResult,
} from '../workers/tasks';

interface Pending {
  req: TaskRequest;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  idleTimer: NodeJS.Timeout | null;
}

export interface WorkerPoolOptions {
  /** Path of the bundled worker script (dist/node/worker.mjs). */
  script: string;
  size: number;
  /** Idle workers exit after this long, so an idle app holds no threads. */
  idleMs?: number;
  logger: Logger;
}

/** The worker thread itself failed (could not load, crashed): not a problem of the task's input. */
export class WorkerCrashError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkerCrashError';
  }
}

function revive(e: SerializedError): Error {
  const err = new Error(e.message) as Error & { code?: string; path?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  if (e.path) err.path = e.path;
  return err;
}

/** Runs worker tasks on up to `size` threads; a canceled running task's thread is replaced. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  get size(): number {
    return this.opts.size;
  }

  run<N extends TaskName>(
    task: N,
    args: TaskArgs<N>,
    signal?: AbortSignal,
  ): Promise<TaskResult<N>> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (signal?.aborted) return Promise.reject(canceledError());
    return new Promise<TaskResult<N>>((resolve, reject) => {
      const pending: Pending = {
        req: { id: this.nextId++, task, args },
        resolve: resolve as (v: unknown) => void,
        reject,
        signal,
        onAbort: undefined,
      };
      pending.onAbort = () => this.abort(pending);
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.queue.push(pending);
      this.dispatch();
    });
  }

  private abort(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      p.reject(canceledError());
      return;
    }
    const slot = this.slots.find((s) => s.busy === p);
    if (slot) {
      // Synchronous hashing cannot be interrupted: replace the thread instead.
      slot.busy = null;
      this.removeSlot(slot);
      void slot.worker.terminate();
      p.reject(canceledError());
      this.dispatch();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot) {
        if (this.slots.length >= this.opts.size) return;
        slot = this.spawn();
      }
      const p = this.queue.shift()!;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.busy = p;
      slot.worker.ref();
      slot.worker.postMessage(p.req);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.script, {
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
    });
    const slot: Slot = { worker, busy: null, idleTimer: null };
    worker.on('message', (res: TaskResponse) => {
      const p = slot.busy;
      if (!p || p.req.id !== res.id) return;
      slot.busy = null;
      p.signal?.removeEventListener('abort', p.onAbort!);
      if (res.ok) p.resolve(res.value);
      else p.reject(revive(res.error));
      this.idle(slot);
      this.dispatch();
    });
    worker.on('error', (e) => {
      this.opts.logger.error('worker crashed', { error: String(e) });
      this.removeSlot(slot);
      this.failBusy(
        slot,
        new WorkerCrashError(`A worker thread failed: ${e.message}`, { cause: e }),
      );
      // A script that cannot load fails every task: fail the queue instead of respawning forever.
      for (const q of this.queue.splice(0))
        q.reject(new WorkerCrashError(`A worker thread failed: ${e.message}`, { cause: e }));
    });
    worker.on('exit', (code) => {
      this.removeSlot(slot);
      // A thread that ended on its own (process.exit in a task, the resource limits) without
      // an 'error' event would otherwise leave its task waiting forever.
      this.failBusy(
        slot,
        new WorkerCrashError(`A worker thread exited unexpectedly (code ${code}).`),
      );
      this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }

  private failBusy(slot: Slot, error: Error): void {
    const p = slot.busy;
    if (!p) return;
    slot.busy = null;
    p.signal?.removeEventListener('abort', p.onAbort!);
    p.reject(error);
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      this.removeSlot(slot);
      void slot.worker.terminate();
    }, this.opts.idleMs ?? 30_000);
    slot.idleTimer.unref();
  }

  private removeSlot(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) this.failBusy(s, new Error('worker pool closed'));
    // A worker being terminated no longer keeps the event loop alive: without this timer the
    // process can exit before terminate() settles, leaving the caller's await unfinished.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    } finally {
      clearInterval(keepAlive);
    }
  }
}
