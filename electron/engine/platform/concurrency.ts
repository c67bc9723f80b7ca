import { canceledError } from '../errors';
import { Yielder } from './yielder';

/**
 * Maps items with at most `limit` calls in flight, keeping the input order in the output.
 * Items whose work completes without real I/O (answers from memory or SQLite) would otherwise
 * chain as microtasks and hold the event loop for the whole list: every few milliseconds the
 * loop gets a turn.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const yielder = new Yielder(signal);
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw canceledError();
      await yielder.maybeYield();
      if (next >= items.length) break;
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
