import type { SnapshotSummary } from '../../../../shared/dto/store';

/** One backup of the module cache: when, how big the cache was, how many versions it held. */
export interface SnapshotPoint {
  t: number;
  v: number;
  versions: number;
  id: string;
}

/**
 * The module cache's size at each backup of the cache at `gomodcache`, oldest first. Imports
 * (someone else's cache) and other caches sharing the store are left out; a snapshot that also
 * kept the build cache counts only the module cache's bytes.
 */
export function snapshotSeries(
  snapshots: readonly SnapshotSummary[],
  gomodcache: string,
): SnapshotPoint[] {
  return snapshots
    .filter((s) => s.kind === 'snapshot' && s.gomodcache === gomodcache)
    .map((s) => ({
      t: Date.parse(s.time),
      v: s.bytes - (s.buildCache?.bytes ?? 0),
      versions: s.versions,
      id: s.id,
    }))
    .sort((a, b) => a.t - b.t);
}
