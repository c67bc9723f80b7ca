import type { Dirent, BigIntStats } from 'node:fs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotProblem } from '../../../shared/dto/store';
import { errnoCode } from '../errors';
import { findTrees, findVersionDirs } from '../gomod/cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { isWellFormedH1 } from '../gomod/h1';
import type { ModuleVersion } from '../gomod/layout';
import { CacheLayout } from '../gomod/layout';
import { isCanonicalModuleVersion } from '../gomod/semver';

/** Where a file outside module versions lives: GOMODCACHE, GOPATH[0]/pkg/sumdb or GOCACHE. */
export type FileArea = 'modcache' | 'sumdb' | 'gocache';

export interface FileStat {
  size: number;
  /** size, mtime and ctime in nanoseconds: any rewrite of the file changes it. */
  sig: string;
  mode: number;
}

export interface ListedVersion extends ModuleVersion {
  zip: FileStat | null;
  ziphash: FileStat | null;
  mod: FileStat | null;
  info: FileStat | null;
  /** The .ziphash contents when well-formed ("h1:…"). */
  ziphashText: string | null;
  treeDir: string | null;
}

export interface ListedFile {
  area: FileArea;
  /** Relative to the area's root, "/"-separated. */
  rel: string;
  abs: string;
  stat: FileStat;
}

export interface Listing {
  versions: ListedVersion[];
  files: ListedFile[];
  /** Folders that could not be read. */
  problems: SnapshotProblem[];
}

/** Go's temp files ("<name><digits>.tmp"), lock files and interrupted extractions are skipped. */
const SKIPPED_FILE = /(\d+\.tmp|\.lock|\.partial)$/;
const VERSION_FILES = new Set(['zip', 'ziphash', 'mod', 'info']);

function toStat(st: BigIntStats): FileStat {
  return {
    size: Number(st.size),
    sig: `${st.size}:${st.mtimeNs}:${st.ctimeNs}`,
    mode: Number(st.mode) & 0o7777,
  };
}

export function statFile(file: string): FileStat | null {
  try {
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    return st?.isFile() ? toStat(st) : null;
  } catch {
    return null;
  }
}

/** The .ziphash contents when well-formed, else null (Go recomputes a bad one). */
function readZiphash(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    return isWellFormedH1(text) ? text : null;
  } catch {
    return null;
  }
}

function unreadable(dir: string, e: unknown): SnapshotProblem {
  return {
    path: '',
    version: '',
    kind: 'unreadable',
    detail: `cannot list ${dir}: ${errnoCode(e) ?? (e as Error).message}`,
    file: dir,
    keptFrom: null,
  };
}

/** A readdir that notes unreadable folders instead of failing the whole listing. */
function tolerantReaddir(problems: SnapshotProblem[]): (dir: string) => Dirent[] {
  return (dir) => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = errnoCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push(unreadable(dir, e));
      return [];
    }
  };
}

/**
 * Lists what a snapshot needs to decide what to read: stat signatures of every version's files
 * and of the small files around them, from directory listings and stat calls only — no zip is
 * opened and no extracted tree is entered (only a .ziphash, 47 bytes, is read).
 */
export class CacheLister {
  listModuleCache(gomodcache: string): Listing {
    const layout = new CacheLayout(gomodcache);
    const problems: SnapshotProblem[] = [];
    const readdir = tolerantReaddir(problems);
    const found = new Map<string, ListedVersion>();
    const get = (m: ModuleVersion): ListedVersion => {
      const key = `${m.path}@${m.version}`;
      let v = found.get(key);
      if (!v) {
        v = {
          ...m,
          zip: null,
          ziphash: null,
          mod: null,
          info: null,
          ziphashText: null,
          treeDir: null,
        };
        found.set(key, v);
      }
      return v;
    };
    const files: ListedFile[] = [];
    const addFile = (abs: string) => {
      const stat = statFile(abs);
      if (stat)
        files.push({
          area: 'modcache',
          rel: path.relative(layout.root, abs).split(path.sep).join('/'),
          abs,
          stat,
        });
    };

    for (const vd of findVersionDirs(layout.downloadDir, readdir)) {
      const modPath = tryUnescapePath(vd.escPath);
      for (const entry of readdir(vd.dir)) {
        if (!entry.isFile()) continue;
        const full = path.join(vd.dir, entry.name);
        if (entry.name === 'list') {
          addFile(full);
          continue;
        }
        const dot = entry.name.lastIndexOf('.');
        const suffix = entry.name.slice(dot + 1) as 'zip' | 'ziphash' | 'mod' | 'info';
        if (dot <= 0 || !VERSION_FILES.has(suffix) || modPath === null) continue;
        const version = tryUnescapeVersion(entry.name.slice(0, dot));
        if (version === null || !isCanonicalModuleVersion(version)) continue;
        const stat = statFile(full);
        if (stat) get({ path: modPath, version })[suffix] = stat;
      }
    }
    findTrees(layout.root, readdir, (escPath, escVersion, dir) => {
      const p = tryUnescapePath(escPath);
      const v = tryUnescapeVersion(escVersion);
      if (p !== null && v !== null && isCanonicalModuleVersion(v))
        get({ path: p, version: v }).treeDir = dir;
    });
    for (const v of found.values())
      if (v.ziphash) v.ziphashText = readZiphash(layout.versionFile(v, 'ziphash'));
    this.walkFiles(layout.sumdbCacheDir(), readdir, (abs) => addFile(abs));
    const versions = [...found.values()].filter((v) => v.zip || v.mod || v.info || v.treeDir);
    return { versions, files, problems };
  }

  /** Every regular file under `root` (temp and lock files skipped), for sumdb and GOCACHE. */
  listArea(area: FileArea, root: string, skip: (rel: string) => boolean = () => false): Listing {
    const problems: SnapshotProblem[] = [];
    const readdir = tolerantReaddir(problems);
    const files: ListedFile[] = [];
    this.walkFiles(root, readdir, (abs) => {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (skip(rel)) return;
      const stat = statFile(abs);
      if (stat) files.push({ area, rel, abs, stat });
    });
    return { versions: [], files, problems };
  }

  private walkFiles(
    dir: string,
    readdir: (dir: string) => Dirent[],
    onFile: (abs: string) => void,
  ): void {
    for (const entry of readdir(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) this.walkFiles(full, readdir, onFile);
      else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) onFile(full);
    }
  }
}

/** Re-reads one version's stat signatures (after it changed while being read). */
export function relistVersion(gomodcache: string, v: ListedVersion): ListedVersion {
  const layout = new CacheLayout(gomodcache);
  const ziphash = statFile(layout.versionFile(v, 'ziphash'));
  return {
    ...v,
    zip: statFile(layout.versionFile(v, 'zip')),
    ziphash,
    ziphashText: ziphash ? readZiphash(layout.versionFile(v, 'ziphash')) : null,
    mod: statFile(layout.versionFile(v, 'mod')),
    info: statFile(layout.versionFile(v, 'info')),
  };
}
