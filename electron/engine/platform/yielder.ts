import { setImmediate as nextTick } from 'node:timers/promises';
import { canceledError } from '../errors';

/**
 * How long synchronous work may hold the event loop before giving it a turn. Short, because
 * several sliced tasks (a pool's concurrent versions) can each run one slice in the same turn.
 */
export const SLICE_MS = 3;

/**
 * Lets synchronous file-system loops (much faster than promise-based fs for thousands of tiny
 * calls) give the event loop a turn every few milliseconds, so IPC and sockets stay responsive.
 */
export class Yielder {
  private last = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sliceMs = SLICE_MS,
  ) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await nextTick();
    this.last = performance.now();
    if (this.signal?.aborted) throw canceledError();
  }
}
