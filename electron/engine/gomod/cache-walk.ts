import type { Dirent } from 'node:fs';
import path from 'node:path';

// Walks of the module cache shared by the scanner and the store's stat-only lister. Neither
// enters an extracted tree: those hold most of the cache's files and are derived from zips.

const MAX_DEPTH = 40;

/** Lists a directory; decides itself what an unreadable or missing directory means. */
export type ReadDir = (dir: string) => Dirent[];

export interface VersionDir {
  /** Escaped module path, "/"-separated. */
  escPath: string;
  /** The @v directory. */
  dir: string;
}

/** Finds every cache/download/<esc path>/@v directory (cache/download/sumdb is not a module). */
export function findVersionDirs(downloadDir: string, readdir: ReadDir): VersionDir[] {
  const out: VersionDir[] = [];
  const walk = (dir: string, rel: string[], depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdir(dir)) {
      if (!entry.isDirectory()) continue;
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
): void {
  const walk = (dir: string, rel: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdir(dir)) {
      if (!entry.isDirectory() || (depth === 0 && entry.name === 'cache')) continue;
      const full = path.join(dir, entry.name);
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
