import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Buffers (inflated zip entries, file contents) live outside the V8 heap, and V8 collects them
 * only after tens of megabytes of garbage per thread. Hashing 1 GiB through two workers would
 * keep ~200 MB of dead buffers around; collecting after every few megabytes keeps a worker at
 * its working set for a few milliseconds per collection.
 */
function loadGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as (opts?: { type: 'minor' | 'major' }) => void;
    return () => gc({ type: 'minor' });
  } catch {
    return null;
  }
}

export class AllocationBudget {
  private used = 0;
  private readonly collect = loadGc();

  constructor(private readonly limitBytes = 4 * 1024 * 1024) {}

  /** Records bytes that just became garbage; collects when the budget is spent. */
  add = (bytes: number): void => {
    this.used += bytes;
    if (this.used < this.limitBytes) return;
    this.used = 0;
    this.collect?.();
  };
}
