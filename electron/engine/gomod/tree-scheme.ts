import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { modCacheRW } from '../toolchain/goflags';

/** How many extracted trees are looked at: enough to outvote one odd tree, cheap on a big cache. */
const SAMPLE = 9;

/**
 * Whether the cache's extracted trees are writable (made with GOFLAGS=-modcacherw) or read-only
 * (Go's default), read from the trees themselves: GOFLAGS may have changed since the cache was
 * filled (another shell, an IDE, a CI image), and what ModVault writes must match what is there.
 * Null when the cache holds no extracted tree to tell.
 */
export async function treesWritable(gomodcache: string): Promise<boolean | null> {
  const votes: boolean[] = [];
  let level = [gomodcache];
  for (let depth = 0; depth < 8 && level.length > 0 && votes.length < SAMPLE; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable: other checks report it
      }
      for (const e of entries) {
        if (!e.isDirectory() || (depth === 0 && e.name === 'cache')) continue;
        const full = path.join(dir, e.name);
        if (!e.name.includes('@')) next.push(full);
        else if (!e.name.includes('.tmp-') && votes.length < SAMPLE)
          votes.push(((await lstat(full)).mode & 0o200) !== 0);
      }
    }
    level = next;
  }
  if (votes.length === 0) return null;
  return votes.filter(Boolean).length * 2 > votes.length;
}

/** The scheme new trees get: the one the cache's trees use, else what GOFLAGS asks for. */
export async function writableTreesFor(gomodcache: string, goflags: string): Promise<boolean> {
  return (await treesWritable(gomodcache)) ?? modCacheRW(goflags);
}
