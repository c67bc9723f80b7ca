import type { ModuleVersion } from '../gomod/layout';

/** Which parts of a version a repair replaces. */
export type RefetchScope = 'zip' | 'mod' | 'info';

/**
 * "Restore the version from the latest snapshot holding it": implemented by the backup store and
 * restore engine, injected through compose(). Without it the doctor downloads damaged versions
 * again through the GOPROXY chain instead.
 */
export interface SnapshotRestorePort {
  /** The newest snapshot holding this version (with this h1, when the doctor trusts one), or null. */
  latestHolding(m: ModuleVersion, h1?: string): Promise<{ snapshotId: string } | null>;
  /**
   * Writes the version's files for the given scopes into the module cache ('zip' = zip,
   * ziphash and the extracted tree). The damaged files have already been set aside.
   */
  restoreVersion(req: {
    snapshotId: string;
    gomodcache: string;
    version: ModuleVersion;
    scopes: RefetchScope[];
    signal?: AbortSignal;
  }): Promise<void>;
}
