/**
 * Test hook for crash tests: MODVAULT_FAULT="<point>[:<n>]" kills the process with SIGKILL the
 * n-th time (default first) execution reaches <point>; MODVAULT_FAULT="enospc:<bytes>" makes pack
 * writes fail with ENOSPC once <bytes> have been written. Unset in normal use: then nothing here
 * does anything. Points: pack-written (data written, not yet synced), pack-synced (pack durable,
 * rows not committed), pack-committed, versions-committed, snapshot-committing (just before the
 * snapshot row), snapshot-committed; restore (counted per worker thread): restore-zip-renamed
 * (a zip in place, its .ziphash not yet written), restore-tree-written (a tree's files written
 * beside it, not yet renamed), restore-tree-renamed (the tree in place, .partial still there).
 * MODVAULT_FAULT="throw:<point>[:<n>]" instead throws an error from a timer callback there, where
 * nothing catches it: what a bug in an event callback does (see CrashGuard).
 */
export class FaultPoints {
  private hits = 0;
  private readonly point: string | null;
  private readonly nth: number;
  private readonly enospcAfter: number | null;
  private readonly uncaught: boolean;

  constructor(spec: string | undefined) {
    this.uncaught = spec?.startsWith('throw:') ?? false;
    const [name, arg] = (this.uncaught ? spec!.slice('throw:'.length) : (spec ?? '')).split(':');
    this.enospcAfter = name === 'enospc' && arg ? Number(arg) : null;
    this.point = name && name !== 'enospc' ? name : null;
    this.nth = arg && this.point ? Math.max(1, Number(arg)) : 1;
  }

  hit(point: string): void {
    if (point !== this.point || ++this.hits !== this.nth) return;
    if (this.uncaught)
      setImmediate(() => {
        throw new Error(`injected fault at ${point}`);
      });
    else process.kill(process.pid, 'SIGKILL');
  }

  /** Throws like a full disk would once the simulated disk is full. */
  checkWrite(totalBytes: number, file: string): void {
    if (this.enospcAfter === null || totalBytes <= this.enospcAfter) return;
    const e = new Error(`ENOSPC: no space left on device, write '${file}'`) as Error & {
      code: string;
      path: string;
    };
    e.code = 'ENOSPC';
    e.path = file;
    throw e;
  }
}

export const noFaults = new FaultPoints(undefined);
