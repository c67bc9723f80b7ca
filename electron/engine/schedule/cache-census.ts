import type { Dirent } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { findVersionDirs, layoutDirIsReal } from '../gomod/cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { CacheLayout } from '../gomod/layout';
import { isCanonicalModuleVersion } from '../gomod/semver';

export interface ModuleCensus {
  exists: boolean;
  /** "path@version" of every version with a .mod, .zip or .info in cache/download. */
  versions: Set<string>;
}

export interface BuildCensus {
  exists: boolean;
  /** GOCACHE's 00…ff folders: `go clean -cache` removes them, Go's own trim never does. */
  dirs: number;
}

const VERSION_FILE = /^(.+)\.(mod|zip|info)$/;
const HEX_DIR = /^[0-9a-f]{2}$/;

function isDir(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

const quietReaddir = (dir: string): Dirent[] => {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
};

/**
 * Counts the module versions of a cache from directory listings alone — no stat, no file read:
 * cheap enough to repeat every few seconds on a cache of thousands of versions. Extracted trees
 * are not counted: without its zip a version needs the network again, so losing cache/download
 * is a loss even when the trees remain.
 */
export function moduleCensus(gomodcache: string): ModuleCensus {
  const layout = new CacheLayout(gomodcache);
  const versions = new Set<string>();
  if (!isDir(layout.root)) return { exists: false, versions };
  // What a snapshot would back up: links are not followed there, so they do not count here.
  if (!layoutDirIsReal(layout.root, 'cache/download')) return { exists: true, versions };
  for (const vd of findVersionDirs(layout.downloadDir, quietReaddir)) {
    const modPath = tryUnescapePath(vd.escPath);
    if (modPath === null) continue;
    for (const e of quietReaddir(vd.dir)) {
      if (!e.isFile()) continue;
      const name = e.name;
      const m = VERSION_FILE.exec(name);
      const version = m ? tryUnescapeVersion(m[1]!) : null;
      if (version !== null && isCanonicalModuleVersion(version))
        versions.add(`${modPath}@${version}`);
    }
  }
  return { exists: true, versions };
}

export function buildCensus(gocache: string): BuildCensus {
  const root = path.resolve(gocache);
  if (!isDir(root)) return { exists: false, dirs: 0 };
  const dirs = quietReaddir(root).filter((e) => e.isDirectory() && HEX_DIR.test(e.name)).length;
  return { exists: true, dirs };
}

/** Entries of a build cache (files in its 00…ff folders): read rarely, only to report a loss. */
export function buildCacheEntries(gocache: string): number {
  let n = 0;
  for (const e of quietReaddir(gocache))
    if (e.isDirectory() && HEX_DIR.test(e.name))
      n += quietReaddir(path.join(gocache, e.name)).length;
  return n;
}
