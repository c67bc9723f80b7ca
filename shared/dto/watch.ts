export type WatchedCache = 'gomodcache' | 'gocache';

/** The cache watcher's alarm: a cache root vanished or lost a large part of what it held. */
export interface CacheLost {
  cache: WatchedCache;
  root: string;
  reason: 'root-missing' | 'count-dropped';
  /** Module versions (GOMODCACHE) or entries (GOCACHE) before, now, and gone. */
  before: number;
  now: number;
  gone: number;
  /** The newest snapshot holding most of what is gone (all of it when one does). */
  snapshot: { id: string; time: number; has: number } | null;
  at: number;
}

export interface WatchedCacheState {
  cache: WatchedCache;
  root: string;
  exists: boolean;
  /** Module versions in cache/download, or build-cache entries. */
  count: number | null;
  checkedAt: number | null;
  /** Filesystem events are delivered for it (else only the periodic listing notices changes). */
  events: boolean;
}

export interface WatchStatus {
  running: boolean;
  /** A drop of at least this share of the versions at once raises cache-lost. */
  thresholdPercent: number;
  caches: WatchedCacheState[];
  lost: CacheLost[];
}
