import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModuleVersionInfo, VerifyProblem, VerifyReport } from '../../../shared/dto/cache';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import type { GoSum } from './gosum';
import { readGoSum } from './gosum';
import { isFileProblem } from './file-problem';
import { h1ForGoMod } from './h1';
import { CacheLayout } from './layout';
import type { CacheScanner } from './scanner';
import type { TreeSignatures } from './tree-signatures';

export interface VerifyOptions {
  deep: boolean;
  projectDirs: string[];
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

/** What one verification learns about trees: signatures seen, how many trees it hashed. */
interface TreeTally {
  recorded: Map<string, string>;
  verified: Map<string, string>;
  hashed: number;
  unchanged: number;
}

interface ProjectSums {
  dir: string;
  sum: GoSum;
}

type Problem = Omit<VerifyProblem, 'file' | 'projects'> &
  Partial<Pick<VerifyProblem, 'file' | 'projects'>>;

const full = (p: Problem): VerifyProblem => ({ file: null, projects: [], ...p });

/** The go.sum hash of a .mod file, or why it cannot be read (reported once per version). */
async function readModH1(file: string): Promise<{ h1: string } | { error: string }> {
  try {
    return { h1: h1ForGoMod(await readFile(file)) };
  } catch (e) {
    if (!isFileProblem(e)) throw e;
    return { error: `cannot read .mod: ${(e as Error).message}` };
  }
}

/**
 * Checks every version the way Go does (zip ↔ .ziphash, tree ↔ .ziphash with --deep) and the
 * way Go does not: against the go.sum lines of the user's projects, which is what catches a
 * zip and ziphash tampered with consistently.
 */
export class CacheVerifier {
  constructor(
    private readonly scanner: CacheScanner,
    private readonly pool: WorkerPool,
    private readonly signatures?: TreeSignatures,
  ) {}

  async verify(gomodcache: string, opts: VerifyOptions): Promise<VerifyReport> {
    const started = Date.now();
    const progress = opts.progress ?? (() => {});
    const projects = await this.loadProjects(opts.projectDirs);
    progress({ phase: 'scanning' });
    const scan = await this.scanner.scan(gomodcache, { signal: opts.signal });
    // No cache: nothing to hash. Whether that is a first run or a loss is the caller's to say
    // (see CacheAbsenceLookup); the projects' go.sum files can still disagree with each other.
    if (!scan.exists)
      return {
        gomodcache: scan.gomodcache,
        exists: false,
        checked: 0,
        deep: opts.deep,
        projects: projects.map((p) => p.dir),
        problems: [...this.conflicts(projects)],
        durationMs: Date.now() - started,
      };
    const layout = new CacheLayout(scan.gomodcache);
    const problems: VerifyProblem[] = [...this.conflicts(projects)];
    for (const l of scan.leftovers) {
      problems.push(
        full({
          path: l.path,
          version: '',
          kind: 'leftover',
          detail: `leftover ${l.kind} from an interrupted go command`,
          file: l.path,
        }),
      );
    }

    const bytesTotal = scan.modules.reduce(
      (n, m) => n + m.zipBytes + (opts.deep && m.extracted ? m.treeBytes : 0),
      0,
    );
    const tally: TreeTally = {
      recorded: this.signatures?.load(scan.gomodcache) ?? new Map(),
      verified: new Map(),
      hashed: 0,
      unchanged: 0,
    };
    let done = 0;
    let bytesDone = 0;
    progress({ phase: 'hashing', done: 0, total: scan.modules.length, bytesDone: 0, bytesTotal });
    await mapLimit(
      scan.modules,
      this.pool.size * 2,
      async (m) => {
        problems.push(...(await this.verifyVersion(layout, m, projects, opts, tally)));
        bytesDone += m.zipBytes + (opts.deep && m.extracted ? m.treeBytes : 0);
        progress({ done: ++done, bytesDone, message: `${m.path}@${m.version}` });
      },
      opts.signal,
    );
    await this.signatures?.save(scan.gomodcache, tally.verified);
    problems.sort(
      (a, b) =>
        (a.path + '@' + a.version).localeCompare(b.path + '@' + b.version) ||
        a.kind.localeCompare(b.kind),
    );
    return {
      gomodcache: scan.gomodcache,
      exists: true,
      checked: scan.modules.length,
      deep: opts.deep,
      projects: projects.map((p) => p.dir),
      problems,
      trees: { hashed: tally.hashed, unchanged: tally.unchanged },
      durationMs: Date.now() - started,
    };
  }

  private async loadProjects(dirs: string[]): Promise<ProjectSums[]> {
    const out: ProjectSums[] = [];
    for (const d of dirs) {
      const dir = path.resolve(d);
      // The same project given twice would report every finding twice.
      if (out.some((p) => p.dir === dir)) continue;
      const st = await stat(dir).catch((e: unknown) => {
        throw fromErrno(e, `the project folder ${dir}`) ?? e;
      });
      if (!st.isDirectory())
        throw new EngineError('PATH_INVALID', `${dir} is not a directory.`, {
          path: dir,
          fix: 'Pass the folder that holds go.mod and go.sum.',
        });
      const sum = await readGoSum(dir);
      if (!sum)
        throw new EngineError('PATH_INVALID', `${dir} has no go.sum.`, {
          path: dir,
          fix: 'Run "go mod tidy" in the project, or pass a project folder that has a go.sum.',
        });
      out.push({ dir, sum });
    }
    return out;
  }

  /** Two projects holding different checksums for one version: one of them was tampered with. */
  private *conflicts(projects: ProjectSums[]): Generator<VerifyProblem> {
    const seen = new Map<string, { h1: string; dir: string; field: 'h1' | 'modH1' }[]>();
    for (const p of projects) {
      for (const [key, e] of p.sum.entries) {
        for (const field of ['h1', 'modH1'] as const) {
          const h = e[field];
          if (!h) continue;
          const list = seen.get(`${key}|${field}`) ?? [];
          list.push({ h1: h, dir: p.dir, field });
          seen.set(`${key}|${field}`, list);
        }
      }
    }
    for (const [k, list] of seen) {
      if (new Set(list.map((x) => x.h1)).size < 2) continue;
      const key = k.slice(0, k.lastIndexOf('|'));
      const at = key.lastIndexOf('@');
      yield full({
        path: key.slice(0, at),
        version: key.slice(at + 1),
        kind: 'gosum-conflict',
        detail: `go.sum files disagree${list[0]!.field === 'modH1' ? ' on go.mod' : ''}: ${list.map((x) => `${x.dir}: ${x.h1}`).join(', ')}`,
        projects: list.map((x) => x.dir),
      });
    }
  }

  private async verifyVersion(
    layout: CacheLayout,
    m: ModuleVersionInfo,
    projects: ProjectSums[],
    opts: VerifyOptions,
    tally: TreeTally,
  ): Promise<VerifyProblem[]> {
    const id = { path: m.path, version: m.version };
    const out: VerifyProblem[] = m.problems.map((p) =>
      full({ ...id, kind: p.kind, detail: p.detail }),
    );
    if (m.state === 'partial')
      out.push(
        full({
          ...id,
          kind: 'partial',
          detail: 'extraction was interrupted (.partial present); Go will re-extract it',
          file: layout.versionFile(id, 'partial'),
        }),
      );
    if (m.state === 'tree-only')
      out.push(
        full({
          ...id,
          kind: 'tree-only',
          detail: 'zip and .ziphash are gone: Go needs the network to use this version',
          file: layout.treeDir(id),
        }),
      );

    const zipFile = layout.versionFile(id, 'zip');
    let zipH1: string | null = null;
    const zipReadable = m.zip && !m.problems.some((p) => p.kind === 'zip-unreadable');
    if (zipReadable) {
      try {
        const res = await this.pool.run('hashZip', { zipPath: zipFile, module: id }, opts.signal);
        zipH1 = res.h1;
        for (const p of res.problems)
          out.push(full({ ...id, kind: 'zip-invalid', detail: p, file: zipFile }));
      } catch (e) {
        if (!isFileProblem(e)) throw e;
        out.push(
          full({ ...id, kind: 'zip-unreadable', detail: (e as Error).message, file: zipFile }),
        );
      }
    }
    if (m.zip && !m.ziphash && !m.problems.some((p) => p.kind === 'ziphash-invalid')) {
      out.push(
        full({
          ...id,
          kind: 'ziphash-missing',
          detail: 'missing ziphash (Go recomputes it from the zip offline)',
          file: layout.versionFile(id, 'ziphash'),
        }),
      );
    }
    if (zipH1 && m.ziphash && zipH1 !== m.ziphash) {
      out.push(
        full({
          ...id,
          kind: 'zip-mismatch',
          detail: `zip has been modified: .ziphash says ${m.ziphash}, the zip hashes to ${zipH1}`,
          file: zipFile,
        }),
      );
    }

    // Checksums recorded by the user's projects are the trusted reference.
    const key = `${m.path}@${m.version}`;
    const modFile = layout.versionFile(id, 'mod');
    let modH1: { h1: string } | { error: string } | null = null; // read once, when needed
    for (const p of projects) {
      const sum = p.sum.entries.get(key);
      if (!sum) continue;
      for (const [what, h] of [
        ['.ziphash', m.ziphash],
        ['zip', zipH1],
      ] as const) {
        if (sum.h1 && h && h !== sum.h1) {
          out.push(
            full({
              ...id,
              kind: 'gosum-mismatch',
              detail: `${what} ${h} differs from go.sum (${sum.h1}): possible tampering`,
              file: p.sum.file,
              projects: [p.dir],
            }),
          );
          break;
        }
      }
      if (!sum.modH1 || !m.mod) continue;
      modH1 ??= await readModH1(modFile);
      if ('h1' in modH1 && modH1.h1 !== sum.modH1)
        out.push(
          full({
            ...id,
            kind: 'mod-mismatch',
            detail: `.mod hashes to ${modH1.h1}, go.sum says ${sum.modH1}: possible tampering`,
            file: modFile,
            projects: [p.dir],
          }),
        );
    }
    if (modH1 && 'error' in modH1)
      out.push(full({ ...id, kind: 'mod-unreadable', detail: modH1.error, file: modFile }));

    if (m.extracted && m.state !== 'partial')
      out.push(...(await this.verifyTree(layout, m, projects, zipH1, opts, tally)));
    return out;
  }

  /**
   * The extracted tree: hashed with --deep; otherwise only when its stat signature differs
   * from the one it last verified with (an edit, a new tree, a first check), so that an edited
   * file is found at stat cost. A tree that hashes to its h1 gets its signature recorded.
   */
  private async verifyTree(
    layout: CacheLayout,
    m: ModuleVersionInfo,
    projects: ProjectSums[],
    zipH1: string | null,
    opts: VerifyOptions,
    tally: TreeTally,
  ): Promise<VerifyProblem[]> {
    const id = { path: m.path, version: m.version };
    const key = `${m.path}@${m.version}`;
    // go.sum is the trusted reference; without it the tree may match the zip or the .ziphash
    // (when those two disagree, that is reported already, and says nothing of the tree).
    const sumH1 = projects.map((p) => p.sum.entries.get(key)?.h1).find(Boolean);
    const accepted = sumH1 ? [sumH1] : [m.ziphash, zipH1].filter((h): h is string => !!h);
    const reference = accepted[0] ?? null;
    const dir = layout.treeDir(id);
    let signature: string | null = null;
    try {
      signature = await this.pool.run('treeSignature', { dir }, opts.signal);
    } catch (e) {
      if (!isFileProblem(e)) throw e; // unreadable: hashing says what is wrong
    }
    if (!opts.deep && signature !== null && signature === tally.recorded.get(key)) {
      tally.unchanged++;
      tally.verified.set(key, signature);
      return [];
    }
    if (!opts.deep && reference === null) return [];
    tally.hashed++;
    try {
      const tree = await this.pool.run(
        'hashTree',
        { dir, prefix: `${m.path}@${m.version}` },
        opts.signal,
      );
      if (reference && !accepted.includes(tree.h1))
        return [
          full({
            ...id,
            kind: 'tree-mismatch',
            detail: `dir has been modified: the tree hashes to ${tree.h1}, expected ${reference}`,
            file: dir,
          }),
        ];
      if (reference && signature !== null) tally.verified.set(key, signature);
      return [];
    } catch (e) {
      if (!isFileProblem(e)) throw e;
      return [
        full({
          ...id,
          kind: 'tree-unreadable',
          detail: `the extracted tree cannot be read: ${(e as Error).message}`,
          file: dir,
        }),
      ];
    }
  }
}
