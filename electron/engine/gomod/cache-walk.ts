import type { Dirent, Stats } from 'node:fs';
import type { CacheLink, LinkType } from '../../../shared/dto/cache';
import path from 'node:path';
import { entryType, linkTarget, nonDirOnTheWay } from '../platform/no-follow';
import { tryUnescapePath, tryUnescapeVersion } from './escape';
import type { ModuleVersion } from './layout';
import { isCanonicalModuleVersion } from './semver';

// Walks of the module cache shared by the scanner and the store's stat-only lister. Neither
// enters an extracted tree: those hold most of the cache's files and are derived from zips.
// Only real folders are entered (a Dirent says what lstat says): a symlink to a folder is
// reported through `onLink`, never followed.

const MAX_DEPTH = 40;

/** Lists a directory; decides itself what an unreadable or missing directory means. */
export type ReadDir = (dir: string) => Dirent[];

/** Told about a symlink or special file met on the way (regular files are none of its business). */
export type OnLink = (full: string, entry: Dirent | Stats) => void;

const isLinkOrSpecial = (e: Dirent) => {
  const t = entryType(e);
  return t !== 'dir' && t !== 'file';
};

/**
 * Checks the named part of the layout below the root (`cache/download`): every element must
 * be a real folder. One that is a symlink is reported and the walk does not start.
 */
export function layoutDirIsReal(root: string, rel: string, onLink?: OnLink): boolean {
  const bad = nonDirOnTheWay(root, rel);
  if (!bad) return true;
  if (!bad.st.isFile()) onLink?.(bad.path, bad.st);
  return false;
}

export interface VersionDir {
  /** Escaped module path, "/"-separated. */
  escPath: string;
  /** The @v directory. */
  dir: string;
}

/** Finds every cache/download/<esc path>/@v directory (cache/download/sumdb is not a module). */
export function findVersionDirs(
  downloadDir: string,
  readdir: ReadDir,
  onLink?: OnLink,
): VersionDir[] {
  const out: VersionDir[] = [];
  const walk = (dir: string, rel: string[], depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdir(dir)) {
      if (!entry.isDirectory()) {
        if (onLink && isLinkOrSpecial(entry)) onLink(path.join(dir, entry.name), entry);
        continue;
      }
      if (entry.name === '@v') {
        if (rel.length > 0) out.push({ escPath: rel.join('/'), dir: path.join(dir, entry.name) });
        continue;
      }
      if (depth === 0 && entry.name === 'sumdb') continue;
      walk(path.join(dir, entry.name), [...rel, entry.name], depth + 1);
    }
  };
  walk(downloadDir, [], 0);
  return out;
}

/** Visits <esc path>@<esc version> directories; only directories without '@' are entered. */
export function findTrees(
  root: string,
  readdir: ReadDir,
  onTree: (escPath: string, escVersion: string, dir: string) => void,
  onLink?: OnLink,
): void {
  const walk = (dir: string, rel: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdir(dir)) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) {
        if (onLink && isLinkOrSpecial(entry)) onLink(full, entry);
        continue;
      }
      if (depth === 0 && entry.name === 'cache') continue;
      const at = entry.name.indexOf('@');
      if (at < 0) walk(full, rel ? `${rel}/${entry.name}` : entry.name, depth + 1);
      else
        onTree(
          rel ? `${rel}/${entry.name.slice(0, at)}` : entry.name.slice(0, at),
          entry.name.slice(at + 1),
          full,
        );
    }
  };
  walk(root, '', 0);
}

/** The version whose tree `<root>/<esc path>@<esc version>` is (or a link stands in for). */
export function treeVersionOf(root: string, full: string): ModuleVersion | null {
  const rel = path.relative(root, full).split(path.sep).join('/');
  const at = rel.lastIndexOf('@');
  if (at <= 0 || rel.startsWith('cache/') || rel.includes('/', at)) return null;
  const p = tryUnescapePath(rel.slice(0, at));
  const v = tryUnescapeVersion(rel.slice(at + 1));
  return p !== null && v !== null && isCanonicalModuleVersion(v) ? { path: p, version: v } : null;
}

/** A symlink or special file met in a cache, as the scan reports it. */
export function cacheLink(
  full: string,
  entry: Dirent | Stats,
  version: { path: string; version: string } | null = null,
): CacheLink {
  const type = entryType(entry) as LinkType;
  return {
    path: full,
    type,
    target: type === 'symlink' ? linkTarget(full) : null,
    version: version && `${version.path}@${version.version}`,
  };
}
