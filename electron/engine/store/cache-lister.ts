import type { Dirent, Stats } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotProblem } from '../../../shared/dto/store';
import { errnoCode } from '../errors';
import type { OnLink } from '../gomod/cache-walk';
import {
  cacheLink,
  findTrees,
  findVersionDirs,
  layoutDirIsReal,
  treeVersionOf,
} from '../gomod/cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { isWellFormedH1 } from '../gomod/h1';
import type { ModuleVersion } from '../gomod/layout';
import { CacheLayout } from '../gomod/layout';
import { isCanonicalModuleVersion } from '../gomod/semver';
import { describeEntry, lstatOrNull, readTextSync } from '../platform/no-follow';
import { Yielder } from '../platform/yielder';

/** Where a file outside module versions lives: GOMODCACHE, GOPATH[0]/pkg/sumdb or GOCACHE. */
export type FileArea = 'modcache' | 'sumdb' | 'gocache';

export interface FileStat {
  size: number;
  /** Size, mtime and ctime: any rewrite of the file changes it (ctime cannot be set back). */
  sig: string;
  mode: number;
}

export interface ListedVersion extends ModuleVersion {
  zip: FileStat | null;
  ziphash: FileStat | null;
  mod: FileStat | null;
  info: FileStat | null;
  /**
   * The h1 the version's contents must have: its .ziphash when well-formed (read on first call
   * only: an unchanged version never needs it), or an export manifest's entry.
   */
  expectedH1: () => string | null;
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

function toStat(st: Stats): FileStat {
  return { size: st.size, sig: `${st.size}:${st.mtimeMs}:${st.ctimeMs}`, mode: st.mode & 0o7777 };
}

/** The stat signature of a regular file; null for anything else (a symlink is not followed). */
export function statFile(file: string): FileStat | null {
  try {
    const st = lstatOrNull(file);
    return st?.isFile() ? toStat(st) : null;
  } catch {
    return null;
  }
}

/** A symlink or special file where Go writes only files and folders: reported, never read. */
export function linkProblem(
  file: string,
  entry: Dirent | Stats,
  version: { path: string; version: string } | null = null,
): SnapshotProblem {
  const link = cacheLink(file, entry);
  return {
    path: version?.path ?? '',
    version: version?.version ?? '',
    kind: 'symlink',
    detail: `${file} ${describeEntry(link.type, link.target)}: not followed, and what it points to is not backed up`,
    file,
    keptFrom: null,
  };
}

/** Reads a .ziphash once, when first asked: its contents when well-formed, else null. */
export function lazyZiphash(file: string | null): () => string | null {
  let text: string | null | undefined = file === null ? null : undefined;
  return () => {
    if (text === undefined) {
      try {
        const raw = readTextSync(file!, { maxBytes: 4096 });
        text = isWellFormedH1(raw) ? raw : null;
      } catch {
        text = null;
      }
    }
    return text;
  };
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
 * opened, no extracted tree is entered, no .ziphash is read unless asked for.
 */
export class CacheLister {
  async listModuleCache(gomodcache: string, signal?: AbortSignal): Promise<Listing> {
    const yielder = new Yielder(signal);
    const layout = new CacheLayout(gomodcache);
    const problems: SnapshotProblem[] = [];
    const readdir = tolerantReaddir(problems);
    const reported = new Set<string>();
    const onLink: OnLink = (full, entry) => {
      if (reported.has(full)) return;
      reported.add(full);
      problems.push(linkProblem(full, entry, treeVersionOf(layout.root, full)));
    };
    const found = new Map<string, ListedVersion>();
    const get = (p: string, v: string): ListedVersion => {
      const key = `${p}@${v}`;
      let lv = found.get(key);
      if (!lv) {
        lv = {
          path: p,
          version: v,
          zip: null,
          ziphash: null,
          mod: null,
          info: null,
          expectedH1: lazyZiphash(null),
          treeDir: null,
        };
        found.set(key, lv);
      }
      return lv;
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

    const download = layoutDirIsReal(layout.root, 'cache/download', onLink);
    const versionDirs = download ? findVersionDirs(layout.downloadDir, readdir, onLink) : [];
    for (const vd of versionDirs) {
      // A stat per file: tens of milliseconds for a few hundred versions, so in slices.
      await yielder.maybeYield();
      const modPath = tryUnescapePath(vd.escPath);
      // The files of one version share its escaped name: unescape (and validate) it once.
      const versions = new Map<string, string | null>();
      for (const entry of readdir(vd.dir)) {
        if (!entry.isFile()) {
          if (!entry.isDirectory()) {
            const full = vd.dir + path.sep + entry.name;
            const dot = entry.name.lastIndexOf('.');
            const v = dot > 0 ? tryUnescapeVersion(entry.name.slice(0, dot)) : null;
            reported.add(full);
            problems.push(
              linkProblem(full, entry, modPath && v ? { path: modPath, version: v } : null),
            );
          }
          continue;
        }
        // Plain concatenation: these names come from readdir and need no normalizing.
        const full = vd.dir + path.sep + entry.name;
        if (entry.name === 'list') {
          addFile(full);
          continue;
        }
        const dot = entry.name.lastIndexOf('.');
        const suffix = entry.name.slice(dot + 1) as 'zip' | 'ziphash' | 'mod' | 'info';
        if (dot <= 0 || !VERSION_FILES.has(suffix) || modPath === null) continue;
        const esc = entry.name.slice(0, dot);
        let version = versions.get(esc);
        if (version === undefined) {
          const v = tryUnescapeVersion(esc);
          version = v !== null && isCanonicalModuleVersion(v) ? v : null;
          versions.set(esc, version);
        }
        if (version === null) continue;
        const stat = statFile(full);
        if (!stat) continue;
        const lv = get(modPath, version);
        lv[suffix] = stat;
        if (suffix === 'ziphash') lv.expectedH1 = lazyZiphash(full);
      }
    }
    findTrees(
      layout.root,
      readdir,
      (escPath, escVersion, dir) => {
        const p = tryUnescapePath(escPath);
        const v = tryUnescapeVersion(escVersion);
        if (p !== null && v !== null && isCanonicalModuleVersion(v)) get(p, v).treeDir = dir;
      },
      onLink,
    );
    if (download && layoutDirIsReal(layout.root, 'cache/download/sumdb', onLink))
      await this.walkFiles(layout.sumdbCacheDir(), readdir, (abs) => addFile(abs), onLink, yielder);
    const versions = [...found.values()].filter((v) => v.zip || v.mod || v.info || v.treeDir);
    return { versions, files, problems };
  }

  /** Every regular file under `root` (temp and lock files skipped), for sumdb and GOCACHE. */
  async listArea(
    area: FileArea,
    root: string,
    skip: (rel: string) => boolean = () => false,
    signal?: AbortSignal,
  ): Promise<Listing> {
    const problems: SnapshotProblem[] = [];
    const readdir = tolerantReaddir(problems);
    const files: ListedFile[] = [];
    await this.walkFiles(
      root,
      readdir,
      (abs) => {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (skip(rel)) return;
        const stat = statFile(abs);
        if (stat) files.push({ area, rel, abs, stat });
      },
      (full, entry) => problems.push(linkProblem(full, entry)),
      new Yielder(signal),
    );
    return { versions: [], files, problems };
  }

  /** Regular files below `dir`; only real folders are entered, anything else goes to `onLink`. */
  private async walkFiles(
    dir: string,
    readdir: (dir: string) => Dirent[],
    onFile: (abs: string) => void,
    onLink: OnLink,
    yielder: Yielder,
  ): Promise<void> {
    for (const entry of readdir(dir)) {
      const full = dir + path.sep + entry.name;
      if (entry.isDirectory()) await this.walkFiles(full, readdir, onFile, onLink, yielder);
      else if (entry.isFile()) {
        if (!SKIPPED_FILE.test(entry.name)) onFile(full);
      } else onLink(full, entry);
      await yielder.maybeYield();
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
    expectedH1: lazyZiphash(ziphash ? layout.versionFile(v, 'ziphash') : null),
    mod: statFile(layout.versionFile(v, 'mod')),
    info: statFile(layout.versionFile(v, 'info')),
  };
}
