import type { Dirent, Stats } from 'node:fs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  Leftover,
  ModuleVersionInfo,
  ProblemKind,
  ScanReport,
  VersionState,
} from '../../../shared/dto/cache';
import { VERSION_STATES } from '../../../shared/dto/cache';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { Yielder } from '../platform/yielder';
import { findTrees, findVersionDirs } from './cache-walk';
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
}

function readdirOrEmpty(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return [];
    throw fromErrno(e, `the module cache folder ${dir}`) ?? e;
  }
}

const statOrNull = (file: string): Stats | null =>
  statSync(file, { throwIfNoEntry: false }) ?? null;

/** The file's text, or why it could not be read (permissions, a directory in its place). */
function readText(file: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirOrEmpty(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = dirSize(full);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += statOrNull(full)?.size ?? 0;
      files++;
    }
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
    const found = new Map<string, Found>();
    const get = (p: string, v: string): Found => {
      const key = `${p}@${v}`;
      let f = found.get(key);
      if (!f) found.set(key, (f = { path: p, version: v, files: {}, treeDir: null }));
      return f;
    };

    const versionDirs = findVersionDirs(layout.downloadDir, readdirOrEmpty);
    let done = 0;
    for (const vd of versionDirs) {
      const modPath = tryUnescapePath(vd.escPath);
      for (const entry of readdirOrEmpty(vd.dir)) {
        const full = path.join(vd.dir, entry.name);
        if (TMP_FILE.test(entry.name)) {
          leftovers.push({
            path: full,
            kind: entry.isDirectory() ? 'tmp-dir' : 'tmp-file',
            bytes: statOrNull(full)?.size ?? 0,
          });
          continue;
        }
        const dot = entry.name.lastIndexOf('.');
        const suffix = entry.name.slice(dot + 1) as Suffix;
        if (dot <= 0 || !VERSION_SUFFIXES.includes(suffix) || modPath === null) continue;
        const version = tryUnescapeVersion(entry.name.slice(0, dot));
        if (version === null || !isCanonicalModuleVersion(version)) continue;
        const st = statOrNull(full);
        if (st) get(modPath, version).files[suffix] = st;
      }
      opts.onProgress?.(++done, versionDirs.length);
      await yielder.maybeYield();
    }

    findTrees(layout.root, readdirOrEmpty, (escPath, escVersion, dir) => {
      const p = tryUnescapePath(escPath);
      const v = tryUnescapeVersion(escVersion);
      if (TMP_DIR.test(escVersion))
        leftovers.push({ path: dir, kind: 'tmp-dir', bytes: dirSize(dir).bytes });
      else if (p !== null && v !== null && isCanonicalModuleVersion(v)) get(p, v).treeDir = dir;
      else leftovers.push({ path: dir, kind: 'orphan-dir', bytes: dirSize(dir).bytes });
    });

    const modules: ModuleVersionInfo[] = [];
    for (const f of found.values()) {
      // A lone .lock is what an aborted download leaves (Go never deletes lock files): there
      // is no version to speak of.
      if (f.treeDir === null && Object.keys(f.files).every((k) => k === 'lock')) continue;
      modules.push(this.describe(layout, f));
      await yielder.maybeYield();
    }
    modules.sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : compareSemver(a.version, b.version),
    );
    return this.report(layout.root, true, scannedAt, modules, leftovers);
  }

  private describe(layout: CacheLayout, f: Found): ModuleVersionInfo {
    const m = { path: f.path, version: f.version };
    const problems: { kind: ProblemKind; detail: string }[] = [];
    const { zip, ziphash: hashStat, mod, info, partial } = f.files;

    let ziphash: string | null = null;
    if (hashStat) {
      const read = readText(layout.versionFile(m, 'ziphash'));
      // Go trims the file before checking it (checkMod): a trailing newline is fine.
      const text = 'text' in read ? read.text.trim() : null;
      if (text !== null && isWellFormedH1(text)) ziphash = text;
      else
        problems.push({
          kind: 'ziphash-invalid',
          detail:
            'error' in read
              ? `cannot read .ziphash (${read.error})`
              : 'bad .ziphash (not a well-formed h1: hash)',
        });
    }
    if (info) {
      const read = readText(layout.versionFile(m, 'info'));
      const problem =
        'error' in read
          ? `cannot read .info (${read.error})`
          : parseInfoFile(read.text, f.version).problem;
      if (problem) problems.push({ kind: 'info-invalid', detail: problem });
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
        });
      }
    }
    const extracted = f.treeDir !== null;
    if (extracted && !zip) {
      // Only here is the tree itself the source of its size: there is no zip to read it from.
      ({ bytes: treeBytes, files: fileCount } = dirSize(f.treeDir!));
    }
    // Go fetches a toolchain as a zip alone (select.go): it never has a .mod or .info.
    const toolchain = f.path === TOOLCHAIN_MODULE;
    if (!mod && !toolchain && (zip || extracted || hashStat))
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
