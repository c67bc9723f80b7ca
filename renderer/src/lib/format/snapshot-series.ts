import type { SnapshotSummary } from '../../../../shared/dto/store';

/** One backup of the module cache: when, how big the cache was, how many versions it held. */
export interface SnapshotPoint {
  t: number;
  v: number;
  versions: number;
  id: string;
}

/**
 * The module cache's size at each backup of the cache at `gomodcache`, oldest first: on disk,
 * as the dashboard counts it (zips plus extracted trees), so the last point is the cache's own
 * size. Older snapshots, which did not record it, fall back to the unpacked size of what they
 * hold. Imports (someone else's cache) and other caches sharing the store are left out.
 */
export function snapshotSeries(
  snapshots: readonly SnapshotSummary[],
  gomodcache: string,
): SnapshotPoint[] {
  return snapshots
    .filter((s) => s.kind === 'snapshot' && s.gomodcache === gomodcache)
    .map((s) => ({
      t: Date.parse(s.time),
      v: s.diskBytes ?? s.bytes - (s.buildCache?.bytes ?? 0),
      versions: s.versions,
      id: s.id,
    }))
    .sort((a, b) => a.t - b.t);
}
