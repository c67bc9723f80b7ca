import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, fromErrno } from '../errors';
import { Yielder } from '../platform/yielder';

export interface BuildCacheEntry {
  file: string;
  bytes: number;
  /** Go refreshes an entry's mtime when it uses it (at most hourly): its LRU clock. */
  mtimeMs: number;
}

const SHARD = /^[0-9a-f]{2}$/;

async function readdirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return [];
    throw fromErrno(e, `the build cache folder ${dir}`) ?? e;
  }
}

/** Bytes of a file or a whole folder (lstat sizes). */
export async function diskUsage(p: string, yielder?: Yielder): Promise<number> {
  const st = await lstat(p).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of await readdirOrEmpty(p)) {
    total += await diskUsage(path.join(p, e.name), yielder);
    await yielder?.maybeYield();
  }
  return total;
}

/** The shard folders `00`..`ff` of a build cache (what `go clean -cache` removes). */
export async function buildCacheShards(gocache: string): Promise<string[]> {
  return (await readdirOrEmpty(gocache))
    .filter((e) => e.isDirectory() && SHARD.test(e.name))
    .map((e) => path.join(gocache, e.name));
}

/**
 * Every `<hex>-a` (action index) and `<hex>-d` (output; a folder from Go 1.24 on) entry —
 * exactly what Go's own trim may remove. README, trim.txt, testexpire.txt and fuzz/ are not
 * entries.
 */
export async function listBuildCacheEntries(
  gocache: string,
  signal?: AbortSignal,
): Promise<BuildCacheEntry[]> {
  const yielder = new Yielder(signal);
  const out: BuildCacheEntry[] = [];
  for (const shard of await buildCacheShards(gocache)) {
    for (const e of await readdirOrEmpty(shard)) {
      if (!e.name.endsWith('-a') && !e.name.endsWith('-d')) continue;
      const file = path.join(shard, e.name);
      const st = await lstat(file).catch(() => null);
      if (!st) continue;
      out.push({
        file,
        bytes: st.isDirectory() ? await diskUsage(file) : st.size,
        mtimeMs: st.mtimeMs,
      });
      await yielder.maybeYield();
    }
  }
  return out;
}
