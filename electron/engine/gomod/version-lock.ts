import { EngineError } from '../errors';
import type { CrashGuard } from '../platform/crash-guard';
import type { FileLocker, LockOptions, LockSet } from '../platform/file-lock';
import type { CacheTargets, ToolchainProcesses } from '../platform/toolchain-processes';
import { describeProcesses } from '../platform/toolchain-processes';
import type { CacheLayout, ModuleVersion } from './layout';

/**
 * Go's per-version mutex: `<v>.lock` guards download and extraction of a version; `list` files
 * are edited under their own lock. Where no lock can be taken (see FileLocker), ModVault goes on
 * only if no go or gopls process uses this cache — the safe fallback.
 */
export class VersionLocks {
  constructor(
    private readonly locker: FileLocker,
    private readonly processes: ToolchainProcesses,
    /** Releases the locks of work that crashed (Go would wait on them for ever). */
    private readonly crashGuard?: CrashGuard,
  ) {}

  async lock(
    layout: CacheLayout,
    versions: readonly ModuleVersion[],
    opts: LockOptions & { extraFiles?: string[] } = {},
  ): Promise<LockSet> {
    const files = [
      ...versions.map((v) => layout.versionFile(v, 'lock')),
      ...(opts.extraFiles ?? []),
    ];
    return this.lockFiles(files, { gomodcache: layout.root }, opts);
  }

  /** Any lock files Go uses (a build cache's testexpire.txt, a list file) for the given caches. */
  async lockFiles(files: string[], caches: CacheTargets, opts: LockOptions = {}): Promise<LockSet> {
    const set = this.releasedOnCrash(await this.locker.lockAll(files, opts));
    if (!set.held && files.length > 0) {
      const running = await this.processes.find(caches);
      if (running.length > 0) set.release();
      if (running.length > 0)
        throw new EngineError(
          'BUSY',
          `The go command may be using the cache (${describeProcesses(running)}), and module locks cannot be taken on this system.`,
          {
            fix: "Wait for these processes to finish (or quit your editor's gopls), then try again.",
          },
        );
    }
    return set;
  }

  private releasedOnCrash(set: LockSet): LockSet {
    if (!this.crashGuard) return set;
    const release = set.release.bind(set);
    const unregister = this.crashGuard.onCrash(release);
    set.release = () => {
      unregister();
      release();
    };
    return set;
  }
}
