import type { CacheLost, WatchedCache, WatchedCacheState } from '../../../shared/dto/watch';
import type { BackupStore } from '../store/backup-store';
import type { Db } from '../store/migrations';

/** One watched cache: what it held when last healthy, and whether it lost much of it since. */
export interface CacheMonitor {
  readonly cache: WatchedCache;
  readonly root: string;
  /** Folders whose events are worth a look (never recursive). */
  readonly dirs: readonly string[];
  /** Sets the reference: what the cache held when last backed up, or what it holds now. */
  init(now: number): Promise<void>;
  /** Looks again; a loss (not explained by ModVault's own cleanup) or null. */
  examine(now: number, thresholdPercent: number): Promise<CacheLost | null>;
  /** What it holds now becomes the reference (after a healthy look). */
  rebase(now: number): void;
  /** Whether a loss is over: the cache came back, or a snapshot of it as it is now was taken. */
  resolved(loss: CacheLost, now: number, thresholdPercent: number): Promise<boolean>;
  state(events: boolean): WatchedCacheState;
}

/** A root that vanished, or at least `thresholdPercent` of what it held gone at once. */
export function isSharpDrop(
  before: number,
  gone: number,
  exists: boolean,
  thresholdPercent: number,
): boolean {
  if (before <= 0) return false;
  return !exists || (gone > 0 && gone * 100 >= thresholdPercent * before);
}

/**
 * A question to the store; null when there is none or it cannot be read (an unplugged disk):
 * the watch goes on without the history, it never stops for it.
 */
export async function fromStore<T>(store: BackupStore, q: (db: Db) => T): Promise<T | null> {
  try {
    const db = await store.reader();
    return db ? q(db) : null;
  } catch {
    return null;
  }
}
