import type { Said } from '../english';
import { say } from '../english';
import type { BuildCacheEntry } from './gocache-entries';
import type { PlannedItem } from './planned-item';
import { fileItem } from './planned-item';

/** Go's trim removes entries unused for 5 days. */
const DEFAULT_GOCACHE_AGE_MS = 5 * 24 * 3600 * 1000;
/** Go refreshes mtimes at most hourly, so an entry may be in use up to an hour past its mtime. */
const MTIME_SLACK_MS = 3600 * 1000;

export interface GocacheOptions {
  olderThanMs?: number;
  maxSizeBytes?: number;
  now: number;
}

/**
 * `clean gocache`: entries unused for `olderThanMs` (default 5 days, with Go's hour of slack),
 * then, if a size budget is given, the least recently used entries until the cache fits it.
 */
export function planGocache(
  entries: readonly BuildCacheEntry[],
  opts: GocacheOptions,
): PlannedItem[] {
  const olderThan =
    opts.olderThanMs ?? (opts.maxSizeBytes === undefined ? DEFAULT_GOCACHE_AGE_MS : undefined);
  const lru = [...entries].sort((a, b) => a.mtimeMs - b.mtimeMs);
  const chosen = new Map<BuildCacheEntry, PlannedItem>();
  if (olderThan !== undefined) {
    const cutoff = opts.now - olderThan - MTIME_SLACK_MS;
    for (const e of lru)
      if (e.mtimeMs < cutoff)
        chosen.set(
          e,
          item(e, say('cleanup.reason.gocacheOlder', { age: olderThan }), 'gocache/older-than'),
        );
  }
  if (opts.maxSizeBytes !== undefined) {
    let size = entries.reduce((n, e) => n + e.bytes, 0);
    for (const e of chosen.keys()) size -= e.bytes;
    for (const e of lru) {
      if (size <= opts.maxSizeBytes) break;
      if (chosen.has(e)) continue;
      chosen.set(
        e,
        item(e, say('cleanup.reason.gocacheSize', { max: opts.maxSizeBytes }), 'gocache/max-size'),
      );
      size -= e.bytes;
    }
  }
  return lru.filter((e) => chosen.has(e)).map((e) => chosen.get(e)!);
}

function item(e: BuildCacheEntry, reason: Said, rule: string): PlannedItem {
  return fileItem(e.file, {
    kind: 'build-entry',
    reason,
    rule,
    bytes: e.bytes,
    lastUsed: e.mtimeMs,
    cache: 'gocache',
  });
}
