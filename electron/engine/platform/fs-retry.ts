import { errnoCode } from '../errors';
import type { FsOps } from './fs-ops';

/**
 * Windows reports a file that an antivirus scanner or indexer holds open for a moment as
 * "access denied" or "sharing violation" (EPERM/EACCES/EBUSY in Node). Go retries such calls for
 * about 2 s (cmd/go/internal/robustio); so does ModVault. Elsewhere these errors are real and
 * returned at once.
 */
export interface RetryPolicy {
  /** Whether an error is worth another attempt. */
  retryable(e: unknown): boolean;
  /** Total time spent retrying before the last error is returned. */
  timeoutMs: number;
  sleep(ms: number): Promise<void>;
}

const TRANSIENT_ON_WINDOWS = new Set(['EPERM', 'EACCES', 'EBUSY', 'ENOTEMPTY']);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function retryPolicyFor(platform: NodeJS.Platform): RetryPolicy {
  return {
    retryable: (e) => platform === 'win32' && TRANSIENT_ON_WINDOWS.has(errnoCode(e) ?? ''),
    timeoutMs: 2000,
    sleep,
  };
}

export async function withRetry<T>(op: () => T | Promise<T>, policy: RetryPolicy): Promise<T> {
  let waited = 0;
  let delay = 10;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!policy.retryable(e) || waited >= policy.timeoutMs) throw e;
      const ms = Math.min(delay, policy.timeoutMs - waited);
      await policy.sleep(ms);
      waited += ms;
      delay = Math.min(delay * 2, 500);
    }
  }
}

/** The same operations, each retried under `policy`. */
export function retryingFsOps(ops: FsOps, policy: RetryPolicy): FsOps {
  return {
    lstat: (p) => ops.lstat(p),
    readdir: (p) => withRetry(() => ops.readdir(p), policy),
    chmod: (p, mode) => withRetry(() => ops.chmod(p, mode), policy),
    rename: (from, to) => withRetry(() => ops.rename(from, to), policy),
    unlink: (p) => withRetry(() => ops.unlink(p), policy),
    rmdir: (p) => withRetry(() => ops.rmdir(p), policy),
    mkdir: (p) => withRetry(() => ops.mkdir(p), policy),
  };
}
