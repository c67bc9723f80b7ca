import { parentPort } from 'node:worker_threads';
import { limitYoungGeneration } from '../platform/heap-tuning';
import { ScratchBuffer } from '../platform/scratch-buffer';
import { FaultPoints } from '../store/fault-points';
import { AllocationBudget } from './allocation-budget';
import type { SerializedError, TaskRequest, TaskResponse, WorkerEnv } from './tasks';
import { workerTasks } from './tasks';

// Worker thread entry: runs one task at a time and posts back a plain-data result.

function serialize(e: unknown): SerializedError {
  if (e instanceof Error) {
    const x = e as Error & { code?: unknown; path?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(typeof x.code === 'string' && { code: x.code }),
      ...(typeof x.path === 'string' && { path: x.path }),
    };
  }
  return { name: 'Error', message: String(e) };
}

limitYoungGeneration();
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const env: WorkerEnv = {
  scratch: new ScratchBuffer(),
  onGarbage: new AllocationBudget().add,
  faults: new FaultPoints(process.env.MODVAULT_FAULT),
};

/**
 * A result's `data` buffer (bulk bytes such as compressed blobs) is moved to the caller rather
 * than copied: copying megabytes per message costs the receiving thread more than the task.
 */
function transferables(value: unknown): ArrayBuffer[] {
  const data = (value as { data?: unknown } | null)?.data;
  return data instanceof Uint8Array &&
    data.byteOffset === 0 &&
    data.byteLength === data.buffer.byteLength &&
    data.buffer instanceof ArrayBuffer
    ? [data.buffer]
    : [];
}

port.on('message', async (req: TaskRequest) => {
  let response: TaskResponse;
  try {
    const fn = workerTasks[req.task] as (args: unknown, env: WorkerEnv) => Promise<unknown>;
    response = { id: req.id, ok: true, value: await fn(req.args, env) };
  } catch (e) {
    response = { id: req.id, ok: false, error: serialize(e) };
  }
  port.postMessage(response, response.ok ? transferables(response.value) : []);
});
