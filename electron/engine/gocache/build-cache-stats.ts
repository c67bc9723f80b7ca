import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BuildCacheStats } from '../../../shared/dto/build-cache';
import { errnoCode, fromErrno } from '../errors';
import type { Clock } from '../platform/clock';
import { readTextSync } from '../platform/no-follow';
import { Yielder } from '../platform/yielder';

export interface BuildCacheStatsOptions {
  signal?: AbortSignal;
  onProgress?: (shardsDone: number, shards: number) => void;
}

const SHARDS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Counts and sizes the build cache's entries. Synchronous stat calls with regular yields: a
 * large GOCACHE holds hundreds of thousands of small files, and promise-based fs is several
 * times slower for that.
 */
export class BuildCacheStatsReader {
  constructor(private readonly clock: Clock) {}

  async read(gocache: string, opts: BuildCacheStatsOptions = {}): Promise<BuildCacheStats> {
    const stats: BuildCacheStats = {
      gocache,
      exists: false,
      disabled: gocache === 'off',
      actions: 0,
      outputs: 0,
      bytes: 0,
      oldestUse: null,
      newestUse: null,
      lastTrim: null,
      scannedAt: this.clock.now(),
    };
    if (stats.disabled) return stats;
    try {
      if (!lstatSync(gocache).isDirectory()) return stats;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return stats;
      throw fromErrno(e, `The build cache ${gocache}`) ?? e;
    }
    stats.exists = true;
    stats.lastTrim = readTrim(path.join(gocache, 'trim.txt'));
    const yielder = new Yielder(opts.signal);
    for (const [i, shard] of SHARDS.entries()) {
      const dir = path.join(gocache, shard);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch (e) {
        if (errnoCode(e) === 'ENOENT') continue;
        throw fromErrno(e, `The build cache folder ${dir}`) ?? e;
      }
      for (const name of names) {
        const kind = name.endsWith('-a') ? 'actions' : name.endsWith('-d') ? 'outputs' : null;
        if (!kind) continue;
        const entry = path.join(dir, name);
        const st = lstatSync(entry, { throwIfNoEntry: false });
        if (!st) continue; // removed by a concurrent go clean or trim
        stats[kind]++;
        stats.bytes += st.isDirectory() ? treeBytes(entry) : st.size;
        stats.oldestUse = Math.min(stats.oldestUse ?? st.mtimeMs, st.mtimeMs);
        stats.newestUse = Math.max(stats.newestUse ?? st.mtimeMs, st.mtimeMs);
        await yielder.maybeYield();
      }
      opts.onProgress?.(i + 1, SHARDS.length);
    }
    return stats;
  }
}

function readTrim(file: string): number | null {
  try {
    const secs = Number(readTextSync(file, { maxBytes: 64 }).trim());
    return Number.isFinite(secs) && secs > 0 ? secs * 1000 : null;
  } catch {
    return null;
  }
}

/** Go 1.24+ may store an executable output as a directory holding it. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    total += e.isDirectory()
      ? treeBytes(full)
      : (lstatSync(full, { throwIfNoEntry: false })?.size ?? 0);
  }
  return total;
}
