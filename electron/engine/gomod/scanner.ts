import type { Dirent, Stats } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  CacheLink,
  Leftover,
  ModuleVersionInfo,
  ScanReport,
  VersionState,
} from '../../../shared/dto/cache';
import { VERSION_STATES } from '../../../shared/dto/cache';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { describeEntry, entryType, lstatOrNull, readTextSync } from '../platform/no-follow';
import { Yielder } from '../platform/yielder';
import {
  cacheLink,
  findTrees,
  findVersionDirs,
  layoutDirIsReal,
  treeVersionOf,
} from './cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from './escape';
import { isWellFormedH1 } from './h1';
import { parseInfoFile } from './info-file';
import { CacheLayout, TOOLCHAIN_MODULE } from './layout';
import { compareSemver, isCanonicalModuleVersion } from './semver';
import { readZipIndexSync } from './zip-reader';

const VERSION_SUFFIXES = ['info', 'mod', 'zip', 'ziphash', 'lock', 'partial'] as const;
type Suffix = (typeof VERSION_SUFFIXES)[number];
/**
 * Temporary files: Go's are "<file><random digits>.tmp"; no cache file ends in ".tmp", so
 * every such name is left over from an interrupted write.
 */
const TMP_FILE = /\.tmp$/;
/** Extraction temp dirs of Go < 1.16 and ModVault's own: "<dir>.tmp-<random>". */
const TMP_DIR = /\.tmp-[^/]*$/;

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface Found {
  path: string;
  version: string;
  files: Partial<Record<Suffix, Stats>>;
  treeDir: string | null;
  /** Symlinks and special files among its files or in its tree (never followed). */
  links: CacheLink[];
}

/** Small files Go writes: anything bigger is not one of them (and is not read into memory). */
const MAX_SMALL_FILE = 1024 * 1024;

function readdirOrEmpty(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return [];
    throw fromErrno(e, `the module cache folder ${dir}`) ?? e;
  }
}

const lstatQuietly = (file: string): Stats | null => {
  try {
    return lstatOrNull(file);
  } catch {
    return null;
  }
};

/** The file's text (never through a link), or why it could not be read. */
function readText(file: string): { text: string } | { error: string } {
  try {
    return { text: readTextSync(file, { maxBytes: MAX_SMALL_FILE }) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** "example.com/m@v1.0.0/x is a symlink to /etc/shadow (not followed…)", from the cache root. */
function linkDetail(root: string, link: CacheLink): string {
  const rel = path.relative(root, link.path).split(path.sep).join('/');
  return `${rel} ${describeEntry(link.type, link.target)} (not followed: Go never puts one there)`;
}

/** Size of a tree from lstat calls; links and special files are collected, not followed. */
function dirSize(
  dir: string,
  links: CacheLink[] = [],
  version: { path: string; version: string } | null = null,
): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirOrEmpty(dir)) {
    const full = path.join(dir, entry.name);
    const type = entryType(entry);
    if (type === 'dir') {
      const sub = dirSize(full, links, version);
      bytes += sub.bytes;
      files += sub.files;
    } else if (type === 'file') {
      bytes += lstatQuietly(full)?.size ?? 0;
      files++;
    } else links.push(cacheLink(full, entry, version));
  }
  return { bytes, files };
}

/**
 * Inventories a module cache from cache/download/…/@v listings, zip central directories and
 * stat calls — never by walking extracted trees, which hold most of the cache's files. File
 * system calls are synchronous (thousands of tiny ones) with regular yields to the event loop.
 */
export class CacheScanner {
  async scan(gomodcache: string, opts: ScanOptions = {}): Promise<ScanReport> {
    const layout = new CacheLayout(gomodcache);
    const scannedAt = Date.now();
    const yielder = new Yielder(opts.signal);
    let rootStat: Stats | undefined;
    try {
      // The root itself is what the user pointed at: a symlinked GOMODCACHE is followed.
      rootStat = statSync(layout.root, { throwIfNoEntry: false });
    } catch (e) {
      throw fromErrno(e, `the module cache ${layout.root}`) ?? e;
    }
    if (!rootStat) return this.report(layout.root, false, scannedAt, [], []);
    if (!rootStat.isDirectory()) {
      throw new EngineError(
        'PATH_INVALID',
        `The module cache ${layout.root} is a file, not a folder.`,
        {
          path: layout.root,
          fix: 'Point GOMODCACHE (or --gomodcache) at the module cache folder.',
        },
      );
    }

    const leftovers: Leftover[] = [];
    const links = new Map<string, CacheLink>();
    const onLink = (full: string, entry: Dirent | Stats) => links.set(full, cacheLink(full, entry));
    const found = new Map<string, Found>();
    const get = (p: string, v: string): Found => {
      const key = `${p}@${v}`;
      let f = found.get(key);
      if (!f) found.set(key, (f = { path: p, version: v, files: {}, treeDir: null, links: [] }));
      return f;
    };

    const versionDirs = layoutDirIsReal(layout.root, 'cache/download', onLink)
      ? findVersionDirs(layout.downloadDir, readdirOrEmpty, onLink)
      : [];
    let done = 0;
    for (const vd of versionDirs) {
      const modPath = tryUnescapePath(vd.escPath);
      for (const entry of readdirOrEmpty(vd.dir)) {
        const full = path.join(vd.dir, entry.name);
        const type = entryType(entry);
        const dot = entry.name.lastIndexOf('.');
        const suffix = entry.name.slice(dot + 1) as Suffix;
        const version =
          dot > 0 && VERSION_SUFFIXES.includes(suffix) && modPath !== null
            ? tryUnescapeVersion(entry.name.slice(0, dot))
            : null;
        const ofVersion = version !== null && isCanonicalModuleVersion(version);
        if (type !== 'file' && type !== 'dir') {
          const m = ofVersion ? get(modPath!, version) : null;
          const link = cacheLink(full, entry, m);
          links.set(full, link);
          m?.links.push(link);
          continue;
        }
        if (TMP_FILE.test(entry.name)) {
          leftovers.push({
            path: full,
            kind: type === 'dir' ? 'tmp-dir' : 'tmp-file',
            bytes: lstatQuietly(full)?.size ?? 0,
          });
          continue;
        }
        if (!ofVersion) continue;
        const st = lstatQuietly(full);
        if (st) get(modPath!, version).files[suffix] = st;
      }
      opts.onProgress?.(++done, versionDirs.length);
      await yielder.maybeYield();
    }

    findTrees(
      layout.root,
      readdirOrEmpty,
      (escPath, escVersion, dir) => {
        const p = tryUnescapePath(escPath);
        const v = tryUnescapeVersion(escVersion);
        if (TMP_DIR.test(escVersion))
          leftovers.push({ path: dir, kind: 'tmp-dir', bytes: dirSize(dir).bytes });
        else if (p !== null && v !== null && isCanonicalModuleVersion(v)) get(p, v).treeDir = dir;
        else leftovers.push({ path: dir, kind: 'orphan-dir', bytes: dirSize(dir).bytes });
      },
      (full, entry) => {
        // A symlink in a tree's place (<path>@<version> -> elsewhere) belongs to that version.
        const tv = treeVersionOf(layout.root, full);
        const m = tv ? get(tv.path, tv.version) : null;
        const link = cacheLink(full, entry, m);
        links.set(full, link);
        m?.links.push(link);
      },
    );

    const modules: ModuleVersionInfo[] = [];
    for (const f of found.values()) {
      // A lone .lock is what an aborted download leaves (Go never deletes lock files): there
      // is no version to speak of.
      if (
        f.treeDir === null &&
        f.links.length === 0 &&
        Object.keys(f.files).every((k) => k === 'lock')
      )
        continue;
      modules.push(this.describe(layout, f, links));
      await yielder.maybeYield();
    }
    modules.sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : compareSemver(a.version, b.version),
    );
    const linkList = [...links.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
    return this.report(layout.root, true, scannedAt, modules, leftovers, linkList);
  }

  private describe(
    layout: CacheLayout,
    f: Found,
    allLinks: Map<string, CacheLink>,
  ): ModuleVersionInfo {
    const m = { path: f.path, version: f.version };
    const problems: ModuleVersionInfo['problems'] = [];
    const { zip, ziphash: hashStat, mod, info, partial } = f.files;

    let ziphash: string | null = null;
    if (hashStat) {
      const file = layout.versionFile(m, 'ziphash');
      const read = readText(file);
      // Go trims the file before checking it (checkMod): a trailing newline is fine.
      const text = 'text' in read ? read.text.trim() : null;
      if (text !== null && isWellFormedH1(text)) ziphash = text;
      else
        problems.push({
          kind: 'ziphash-invalid',
          detail:
            'error' in read
              ? `cannot read .ziphash (${read.error})`
              : `bad .ziphash (not a well-formed h1: hash): ${file}`,
          file,
        });
    }
    if (info) {
      const file = layout.versionFile(m, 'info');
      const read = readText(file);
      const problem =
        'error' in read
          ? `cannot read .info (${read.error})`
          : parseInfoFile(read.text, f.version).problem;
      if (problem) problems.push({ kind: 'info-invalid', detail: `${problem}: ${file}`, file });
    }

    let treeBytes = 0;
    let fileCount = 0;
    if (zip) {
      try {
        ({ contentBytes: treeBytes, fileCount } = readZipIndexSync(
          layout.versionFile(m, 'zip'),
          true,
        ));
      } catch (e) {
        problems.push({
          kind: 'zip-unreadable',
          detail: `unreadable zip (${(e as Error).message})`,
          file: layout.versionFile(m, 'zip'),
        });
      }
    }
    const extracted = f.treeDir !== null;
    if (extracted && !zip) {
      // Only here is the tree itself the source of its size: there is no zip to read it from.
      const inTree: CacheLink[] = [];
      ({ bytes: treeBytes, files: fileCount } = dirSize(f.treeDir!, inTree, m));
      for (const link of inTree) allLinks.set(link.path, link);
      f.links.push(...inTree);
    }
    for (const link of f.links)
      problems.push({ kind: 'symlink', detail: linkDetail(layout.root, link), file: link.path });
    const modLinked = f.links.some((l) => l.path.endsWith('.mod'));
    // Go fetches a toolchain as a zip alone (select.go): it never has a .mod or .info.
    const toolchain = f.path === TOOLCHAIN_MODULE;
    if (!mod && !modLinked && !toolchain && (zip || extracted || hashStat))
      problems.unshift({ kind: 'mod-missing', detail: 'missing .mod' });

    let state: VersionState;
    // A zip without its ziphash is not damage: Go recomputes the ziphash offline.
    if (partial) state = 'partial';
    else if (problems.length > 0) state = 'corrupt';
    else if (extracted && !zip && !hashStat) state = 'tree-only';
    else if (extracted) state = 'ok';
    else if (zip) state = 'zip-only';
    else state = 'mod-only';

    return {
      path: f.path,
      version: f.version,
      state,
      reason: problems.length > 0 ? problems.map((p) => p.detail).join('; ') : null,
      problems,
      zip: !!zip,
      extracted,
      mod: !!mod,
      info: !!info,
      ziphash,
      zipBytes: zip?.size ?? 0,
      treeBytes,
      fileCount,
      downloadedAt: (zip ?? hashStat ?? mod ?? info)?.mtimeMs ?? null,
      toolchain,
    };
  }

  private report(
    gomodcache: string,
    exists: boolean,
    scannedAt: number,
    modules: ModuleVersionInfo[],
    leftovers: Leftover[],
    links: CacheLink[] = [],
  ): ScanReport {
    const byState = Object.fromEntries(VERSION_STATES.map((s) => [s, 0])) as Record<
      VersionState,
      number
    >;
    let zipBytes = 0;
    let treeBytes = 0;
    const toolchains = { versions: 0, zipBytes: 0, treeBytes: 0 };
    for (const m of modules) {
      byState[m.state]++;
      zipBytes += m.zipBytes;
      treeBytes += m.extracted ? m.treeBytes : 0;
      if (m.toolchain) {
        toolchains.versions++;
        toolchains.zipBytes += m.zipBytes;
        toolchains.treeBytes += m.extracted ? m.treeBytes : 0;
      }
    }
    return {
      gomodcache,
      exists,
      scannedAt,
      modules,
      leftovers,
      links,
      totals: {
        versions: modules.length,
        modules: new Set(modules.map((m) => m.path)).size,
        zipBytes,
        treeBytes,
        leftoverBytes: leftovers.reduce((n, l) => n + l.bytes, 0),
        byState,
        toolchains,
      },
    };
  }
}
