import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GoProject, ProjectScanReport } from '../../../shared/dto/projects';
import { EngineError, errnoCode } from '../errors';
import { parseGoMod } from './gomod-file';
import { readGoSum } from './gosum';

export interface FindOptions {
  maxDepth?: number;
  /** Directories never entered (the module cache, GOPATH/pkg, the build cache). */
  exclude?: string[];
  signal?: AbortSignal;
  onProgress?: (dirsVisited: number) => void;
}

/** Names Go itself ignores or that never hold a user's project. */
const SKIP = new Set(['node_modules', 'vendor', 'testdata']);
const DEFAULT_MAX_DEPTH = 8;

/** A text file's content, or null when it does not exist. */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Finds Go modules (go.mod) and workspaces (go.work) under the given roots. */
export class ProjectFinder {
  async find(roots: string[], opts: FindOptions = {}): Promise<ProjectScanReport> {
    const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    const excluded = new Set<string>();
    for (const e of opts.exclude ?? []) {
      if (e) excluded.add(await realpath(e).catch(() => path.resolve(e)));
    }
    const visited = new Set<string>();
    const projectDirs: string[] = [];
    const workFiles: string[] = [];
    const skipped: ProjectScanReport['skipped'] = [];
    const resolvedRoots: string[] = [];
    let count = 0;

    const walk = async (dir: string, depth: number): Promise<void> => {
      if (opts.signal?.aborted) throw new EngineError('CANCELED', 'Canceled.');
      const real = await realpath(dir).catch(() => null);
      // Symlink loops and folders reached twice are entered once.
      if (real === null || visited.has(real) || excluded.has(real)) return;
      visited.add(real);
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({
          path: dir,
          reason:
            errnoCode(e) === 'EACCES' || errnoCode(e) === 'EPERM'
              ? 'permission denied'
              : (e as Error).message,
        });
        return;
      }
      opts.onProgress?.(++count);
      if (entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) projectDirs.push(dir);
      if (entries.some((e) => e.name === 'go.work' && !e.isDirectory()))
        workFiles.push(path.join(dir, 'go.work'));
      if (depth >= maxDepth) return;
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name.startsWith('_') || SKIP.has(e.name)) continue;
        const child = path.join(dir, e.name);
        const isDir =
          e.isDirectory() ||
          (e.isSymbolicLink() &&
            (await stat(child)
              .then((s) => s.isDirectory())
              .catch(() => false)));
        if (isDir) await walk(child, depth + 1);
      }
    };

    for (const root of roots) {
      const abs = path.resolve(root);
      const st = await stat(abs).catch(() => null);
      if (!st?.isDirectory()) {
        throw new EngineError('PATH_INVALID', `The project root ${abs} is not a folder.`, {
          path: abs,
          fix: 'Pass an existing folder with --project-root.',
        });
      }
      resolvedRoots.push(abs);
      await walk(abs, 0);
    }

    const workspaceOf = new Map<string, string>();
    for (const file of workFiles) {
      const work = parseGoMod((await readTextOrNull(file)) ?? '');
      for (const use of work.uses) {
        const dir = path.resolve(path.dirname(file), use);
        workspaceOf.set(await realpath(dir).catch(() => dir), file);
      }
    }
    const projects: GoProject[] = [];
    for (const dir of projectDirs.sort()) {
      const project = await this.loadProject(dir);
      project.workspace = workspaceOf.get(await realpath(dir).catch(() => dir)) ?? null;
      projects.push(project);
    }
    return { roots: resolvedRoots, projects, skipped };
  }

  /** Reads one module's go.mod and go.sum. */
  async loadProject(dir: string): Promise<GoProject> {
    const text = await readTextOrNull(path.join(dir, 'go.mod'));
    if (text === null)
      throw new EngineError('PATH_INVALID', `${dir} has no go.mod.`, {
        path: dir,
        fix: 'Pass the folder that holds go.mod.',
      });
    const mod = parseGoMod(text);
    const warnings = [...mod.warnings];
    let sumCount = 0;
    let hasGoSum = false;
    try {
      const sum = await readGoSum(dir);
      if (sum) {
        hasGoSum = true;
        sumCount = sum.entries.size;
        if (sum.malformed.length)
          warnings.push(`go.sum: ${sum.malformed.length} malformed line(s)`);
      }
    } catch (e) {
      warnings.push(`go.sum unreadable: ${(e as Error).message}`);
    }
    return {
      dir,
      module: mod.module,
      goVersion: mod.go,
      toolchain: mod.toolchain,
      requires: mod.requires,
      sumCount,
      hasGoSum,
      workspace: null,
      warnings,
    };
  }
}
