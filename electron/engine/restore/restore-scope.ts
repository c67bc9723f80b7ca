import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreUnavailable } from '../../../shared/dto/restore';
import { EngineError, fromErrno } from '../errors';
import { modulePathProblem, versionProblem } from '../gomod/escape';
import { parseGoMod } from '../gomod/gomod-file';
import type { GoSum } from '../gomod/gosum';
import { parseGoSum, readGoSum } from '../gomod/gosum';
import { TOOLCHAIN_MODULE, versionKey } from '../gomod/layout';
import type { RunningGo } from '../gomod/toolchain-module';
import { neededToolchain, toolchainModuleVersion } from '../gomod/toolchain-module';
import { readTextOrNull } from '../gomod/project-finder';
import type { CatalogFile, CatalogVersion } from '../store/snapshot-catalog';

/** What a scope asks for: a version's files, or only its .mod (for the module graph). */
export type Need = 'module' | 'go.mod';

interface Wish {
  path: string;
  version: string;
  need: Need;
  from: string;
}

export interface ProjectNeeds {
  dir: string;
  /** The go.sum files of the project (or of every module of its workspace, and go.work.sum). */
  sums: GoSum[];
  wishes: Wish[];
}

export interface ScopeSelection {
  versions: { v: CatalogVersion; need: Need }[];
  unavailable: RestoreUnavailable[];
  /** Versions named by --module that the snapshot does not hold: a failure, not a note. */
  missingModules: { path: string; version: string }[];
}

async function goSumOrNull(dir: string): Promise<GoSum | null> {
  try {
    return await readGoSum(dir);
  } catch (e) {
    throw fromErrno(e, `the go.sum of ${dir}`) ?? e;
  }
}

/** The Go toolchain a go.mod/go.work makes `GOTOOLCHAIN=auto` download, as a wish. */
function toolchainWish(
  lines: { go: string | null; toolchain: string | null },
  running: RunningGo | undefined,
  from: string,
): Wish[] {
  const name = running ? neededToolchain(lines, running) : null;
  if (!running || !name) return [];
  const version = toolchainModuleVersion(name, running.goos, running.goarch);
  return [{ path: TOOLCHAIN_MODULE, version, need: 'module', from }];
}

/** The module versions one module (go.mod + go.sum) needs; directory replacements are skipped. */
async function moduleWishes(
  dir: string,
  running: RunningGo | undefined,
): Promise<{ sums: GoSum[]; wishes: Wish[] }> {
  const text = await readTextOrNull(path.join(dir, 'go.mod'));
  if (text === null)
    throw new EngineError('PATH_INVALID', `${dir} has no go.mod.`, {
      path: dir,
      fix: 'Pass the folder of a Go module (the one holding go.mod).',
    });
  const mod = parseGoMod(text);
  const sum = await goSumOrNull(dir);
  const wishes: Wish[] = [];
  for (const [key, e] of sum?.entries ?? []) {
    const at = key.lastIndexOf('@');
    wishes.push({
      path: key.slice(0, at),
      version: key.slice(at + 1),
      need: e.h1 ? 'module' : 'go.mod',
      from: sum!.file,
    });
  }
  const local = new Set(mod.replaces.filter((r) => r.new.version === null).map((r) => r.old.path));
  for (const r of mod.requires)
    if (!local.has(r.path))
      wishes.push({
        path: r.path,
        version: r.version,
        need: 'module',
        from: path.join(dir, 'go.mod'),
      });
  for (const r of mod.replaces)
    if (r.new.version)
      wishes.push({
        path: r.new.path,
        version: r.new.version,
        need: 'module',
        from: path.join(dir, 'go.mod'),
      });
  wishes.push(...toolchainWish(mod, running, path.join(dir, 'go.mod')));
  return { sums: sum ? [sum] : [], wishes };
}

/**
 * What a project needs from the module cache: the versions its go.sum has checksums for (files
 * for "h1:" lines, only the .mod for "/go.mod" lines) and its requirements. A workspace (go.work)
 * needs what each of its modules needs, plus go.work.sum.
 */
export async function readProjectNeeds(
  projectDir: string,
  running?: RunningGo,
): Promise<ProjectNeeds> {
  const dir = path.resolve(projectDir);
  const st = await stat(dir).catch((e: unknown) => {
    throw fromErrno(e, `the project folder ${dir}`) ?? e;
  });
  if (!st.isDirectory())
    throw new EngineError('PATH_INVALID', `${dir} is not a folder.`, {
      path: dir,
      fix: 'Pass the folder that holds go.mod (or go.work).',
    });
  const work = await readTextOrNull(path.join(dir, 'go.work'));
  if (work === null) return { dir, ...(await moduleWishes(dir, running)) };
  const out: ProjectNeeds = { dir, sums: [], wishes: [] };
  const workSum = await readTextOrNull(path.join(dir, 'go.work.sum'));
  if (workSum !== null) {
    const sum = parseGoSum(workSum, path.join(dir, 'go.work.sum'));
    out.sums.push(sum);
    for (const [key, e] of sum.entries) {
      const at = key.lastIndexOf('@');
      out.wishes.push({
        path: key.slice(0, at),
        version: key.slice(at + 1),
        need: e.h1 ? 'module' : 'go.mod',
        from: sum.file,
      });
    }
  }
  const workFile = parseGoMod(work);
  // In a workspace go takes its go/toolchain lines from go.work.
  out.wishes.push(...toolchainWish(workFile, running, path.join(dir, 'go.work')));
  for (const use of workFile.uses) {
    const m = await moduleWishes(path.resolve(dir, use), running);
    out.sums.push(...m.sums);
    out.wishes.push(...m.wishes);
  }
  return out;
}

/** "path" or "path@version", checked with Go's rules. */
export function parseModuleArg(arg: string): { path: string; version: string | null } {
  const at = arg.lastIndexOf('@');
  const p = at < 0 ? arg : arg.slice(0, at);
  const version = at < 0 ? null : arg.slice(at + 1);
  const problem = modulePathProblem(p) ?? (version === null ? null : versionProblem(version));
  if (problem)
    throw new EngineError('INVALID_INPUT', `--module ${arg}: ${problem}.`, {
      fix: 'Give a module path (example.com/mod) or path@version (example.com/mod@v1.2.3).',
    });
  return { path: p, version };
}

/**
 * Picks the snapshot versions a scope covers: everything, or what the projects and --module
 * arguments name. A version named twice counts once, needing its files if anyone needs them.
 */
export function selectVersions(
  all: CatalogVersion[],
  scope: { projects: ProjectNeeds[]; modules: string[] },
): ScopeSelection {
  const everything = scope.projects.length === 0 && scope.modules.length === 0;
  if (everything)
    return {
      versions: all.map((v) => ({ v, need: 'module' })),
      unavailable: [],
      missingModules: [],
    };
  const byKey = new Map(all.map((v) => [versionKey(v), v]));
  const chosen = new Map<string, { v: CatalogVersion; need: Need }>();
  const choose = (v: CatalogVersion, need: Need) => {
    const old = chosen.get(versionKey(v));
    if (!old || (old.need === 'go.mod' && need === 'module'))
      chosen.set(versionKey(v), { v, need });
  };
  const unavailable = new Map<string, RestoreUnavailable>();
  for (const w of scope.projects.flatMap((p) => p.wishes)) {
    const v = byKey.get(versionKey(w));
    if (v) choose(v, w.need);
    else {
      const old = unavailable.get(versionKey(w));
      if (!old || (old.need === 'go.mod' && w.need === 'module'))
        unavailable.set(versionKey(w), {
          path: w.path,
          version: w.version,
          need: w.need,
          from: w.from,
        });
    }
  }
  const missingModules: ScopeSelection['missingModules'] = [];
  for (const arg of scope.modules) {
    const m = parseModuleArg(arg);
    const matches = all.filter(
      (v) => v.path === m.path && (m.version === null || v.version === m.version),
    );
    if (matches.length === 0) missingModules.push({ path: m.path, version: m.version ?? '' });
    for (const v of matches) choose(v, 'module');
  }
  for (const key of chosen.keys()) unavailable.delete(key);
  return {
    versions: keepCatalogOrder(all, [...chosen.values()]),
    unavailable: [...unavailable.values()],
    missingModules,
  };
}

/** The catalog lists versions by module and version; selections keep that order. */
function keepCatalogOrder<T extends { v: CatalogVersion }>(
  all: CatalogVersion[],
  picked: T[],
): T[] {
  const rank = new Map(all.map((v, i) => [v.versionId, i]));
  return picked.sort((a, b) => rank.get(a.v.versionId)! - rank.get(b.v.versionId)!);
}

/**
 * The checksum-database cache a restored toolchain needs: go verifies every toolchain against
 * the database, even one already in the cache, so an offline switch needs its cached lookup
 * (cache/download/sumdb/<db>/lookup/golang.org/toolchain@<v>) and the tiles that prove it.
 */
export function toolchainSumdbFiles(
  files: CatalogFile[],
  toolchains: { path: string; version: string }[],
): CatalogFile[] {
  const lookups = new Set(toolchains.map((t) => `${t.path}@${t.version}`));
  return files.filter((f) => {
    if (f.area !== 'modcache') return false;
    const m = /^cache\/download\/sumdb\/[^/]+\/(lookup|tile)\/(.*)$/.exec(f.path);
    return m !== null && (m[1] === 'tile' || lookups.has(m[2]!));
  });
}
