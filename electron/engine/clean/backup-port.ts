import type { ProgressUpdate } from '../jobs/job-runner';

/**
 * "Make sure it is backed up first": takes a snapshot of the cache before anything goes (the
 * backup store implements it, see store/backup-first.ts).
 */
export interface BackupFirstPort {
  backupBeforeClean(req: {
    gomodcache: string;
    /** Whether build-cache entries go too (snapshot the build cache as well). */
    gocache: string | null;
    signal?: AbortSignal;
    progress?: (p: ProgressUpdate) => void;
  }): Promise<{ snapshotId: string }>;
}
