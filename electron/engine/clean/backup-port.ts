import type { ProgressUpdate } from '../jobs/job-runner';
import type { ModuleVersion } from '../gomod/layout';

/**
 * "Make sure it is backed up first": takes a snapshot holding the versions about to go. The
 * backup store implements it and compose() injects it; without a store the option is refused
 * with a clear message and everything else works.
 */
export interface BackupFirstPort {
  backupBeforeClean(req: {
    gomodcache: string;
    /** The versions about to go, or the whole module cache. */
    versions: ModuleVersion[] | 'all';
    /** Whether build-cache entries go too (snapshot the build cache as well). */
    gocache: string | null;
    signal?: AbortSignal;
    progress?: (p: ProgressUpdate) => void;
  }): Promise<{ snapshotId: string }>;
}
