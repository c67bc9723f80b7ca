import path from 'node:path';
import type { GoModFile } from '../gomod/gomod-file';
import { parseGoMod } from '../gomod/gomod-file';
import { parseGoSum } from '../gomod/gosum';
import type { ModuleVersion } from '../gomod/layout';
import { TOOLCHAIN_MODULE, versionKey } from '../gomod/layout';
import type { ProjectFinder } from '../gomod/project-finder';
import { readTextOrNull } from '../gomod/project-finder';
import type { Said } from '../english';
import { say } from '../english';

/**
 * The module versions the user's projects need: everything named in their go.mod and go.sum
 * (the go.sum holds the whole build list, /go.mod lines included), the right side of
 * `replace` directives, workspace go.work and go.work.sum files, and the Go toolchains their
 * `toolchain` (or, from Go 1.21, `go`) lines pin — golang.org/toolchain versions in the cache.
 */
export class InUseSet {
  private readonly versions = new Map<string, Set<string>>();
  /** "v0.0.1-go1.21.3." prefixes of pinned toolchain module versions → projects. */
  private readonly toolchains = new Map<string, Set<string>>();
  readonly projects: string[] = [];
  readonly notes: Said[] = [];
  /** go.mod/go.sum files that exist but could not be read: what they name is unknown. */
  readonly unreadable: { file: string; error: string }[] = [];

  addVersion(m: ModuleVersion, project: string): void {
    const key = versionKey(m);
    const set = this.versions.get(key) ?? new Set<string>();
    set.add(project);
    this.versions.set(key, set);
  }

  addToolchain(goName: string, project: string): void {
    const prefix = `v0.0.1-${goName}.`;
    const set = this.toolchains.get(prefix) ?? new Set<string>();
    set.add(project);
    this.toolchains.set(prefix, set);
  }

  /** The projects using a version (empty when none does). */
  usedBy(m: ModuleVersion): string[] {
    const found = new Set(this.versions.get(versionKey(m)) ?? []);
    if (m.path === TOOLCHAIN_MODULE)
      for (const [prefix, projects] of this.toolchains)
        if (m.version.startsWith(prefix)) for (const p of projects) found.add(p);
    return [...found].sort();
  }
}

/** Go ≥ 1.21 treats the go line as the minimum toolchain when there is no toolchain line. */
function pinnedToolchain(mod: GoModFile): string | null {
  if (mod.toolchain && mod.toolchain !== 'default') return mod.toolchain;
  const m = mod.go ? /^1\.(\d+)/.exec(mod.go) : null;
  return m && Number(m[1]) >= 21 ? `go${mod.go}` : null;
}

export class InUseResolver {
  constructor(private readonly finder: ProjectFinder) {}

  async resolve(
    roots: string[],
    opts: { exclude: string[]; signal?: AbortSignal },
  ): Promise<InUseSet> {
    const set = new InUseSet();
    const found = await this.finder.find(roots, { exclude: opts.exclude, signal: opts.signal });
    for (const s of found.skipped)
      set.notes.push(say('cleanup.note.skipped', { path: s.path, reason: s.reason }));
    const workspaces = new Set<string>();
    for (const project of found.projects) {
      set.projects.push(project.dir);
      await this.addModuleFiles(set, project.dir, 'go.mod', 'go.sum');
      if (!project.hasGoSum) set.notes.push(say('cleanup.note.noGoSum', { dir: project.dir }));
      if (project.workspace) workspaces.add(path.dirname(project.workspace));
    }
    for (const dir of workspaces) await this.addModuleFiles(set, dir, 'go.work', 'go.work.sum');
    return set;
  }

  private async addModuleFiles(
    set: InUseSet,
    dir: string,
    modName: string,
    sumName: string,
  ): Promise<void> {
    const read = (file: string) =>
      readTextOrNull(file).catch((e: unknown) => {
        set.unreadable.push({ file, error: (e as Error).message });
        return null;
      });
    const modText = await read(path.join(dir, modName));
    if (modText !== null) {
      const mod = parseGoMod(modText);
      for (const r of mod.requires) set.addVersion(r, dir);
      for (const r of mod.replaces)
        if (r.new.version) set.addVersion({ path: r.new.path, version: r.new.version }, dir);
      const toolchain = pinnedToolchain(mod);
      if (toolchain) set.addToolchain(toolchain, dir);
    }
    const sumFile = path.join(dir, sumName);
    const sumText = await read(sumFile);
    if (sumText === null) return;
    const sum = parseGoSum(sumText, sumFile);
    for (const key of sum.entries.keys()) {
      const at = key.lastIndexOf('@');
      set.addVersion({ path: key.slice(0, at), version: key.slice(at + 1) }, dir);
    }
    if (sum.malformed.length)
      set.notes.push(say('cleanup.note.malformed', { file: sumFile, n: sum.malformed.length }));
  }
}
