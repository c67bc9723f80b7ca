/**
 * Jobs that write into the Go caches (cleanup, undo and purge, doctor --fix, restore) run one
 * at a time: each reads the cache's state, decides, then writes, and none may decide on a state
 * another is changing.
 */
export const CACHE_WRITER_LOCK = 'cache-writer';

/** Writers of one backup store run one after the other within this process. */
export const storeLockKey = (storeDir: string): string => `store:${storeDir}`;
