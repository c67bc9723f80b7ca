import { canceledError } from '../errors';

/**
 * Settles with `promise`, or rejects as canceled as soon as `signal` aborts: for waiting on
 * shared work (Go discovery, cached for every caller) that one canceled job must not stop.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(canceledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(canceledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
