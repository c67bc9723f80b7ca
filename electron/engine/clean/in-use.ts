import path from 'node:path';
import { parseGoMod } from '../gomod/gomod-file';
import { parseGoSum } from '../gomod/gosum';
import type { ModuleVersion } from '../gomod/layout';
import { TOOLCHAIN_MODULE, versionKey } from '../gomod/layout';
import type { RunningGo } from '../gomod/toolchain-module';
import { neededToolchain } from '../gomod/toolchain-module';
import type { ProjectFinder } from '../gomod/project-finder';
import { readTextOrNull } from '../gomod/project-finder';
import type { Said } from '../english';
import { say } from '../english';

/**
 * The module versions the user's projects need: everything named in their go.mod and go.sum
 * (the go.sum holds the whole build list, /go.mod lines included — `tool` dependencies too),
 * the right side of `replace` directives, workspace go.work and go.work.sum files, and the Go
 * toolchain each go.mod/go.work selects — golang.org/toolchain versions in the cache.
 */
export class InUseSet {
  private readonly versions = new Map<string, Set<string>>();
  /**
   * Toolchain module versions ("v0.0.1-go1.21.3.linux-amd64") → projects; "v0.0.1-go1.21.3."
   * prefixes (any platform) when the running go is unknown.
   */
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

  /** A toolchain a project selects: "go1.21.3" on `platform` ("linux-amd64"), or on any. */
  addToolchain(goName: string, project: string, platform?: string): void {
    const prefix = platform ? `v0.0.1-${goName}.${platform}` : `v0.0.1-${goName}.`;
    const set = this.toolchains.get(prefix) ?? new Set<string>();
    set.add(project);
    this.toolchains.set(prefix, set);
  }

  /** The projects using a version (empty when none does). */
  usedBy(m: ModuleVersion): string[] {
    const found = new Set(this.versions.get(versionKey(m)) ?? []);
    if (m.path === TOOLCHAIN_MODULE)
      for (const [prefix, projects] of this.toolchains)
        if (prefix.endsWith('.') ? m.version.startsWith(prefix) : m.version === prefix)
          for (const p of projects) found.add(p);
    return [...found].sort();
  }
}

export class InUseResolver {
  constructor(private readonly finder: ProjectFinder) {}

  async resolve(
    roots: string[],
    opts: { exclude: string[]; signal?: AbortSignal; running?: RunningGo },
  ): Promise<InUseSet> {
    const set = new InUseSet();
    const found = await this.finder.find(roots, { exclude: opts.exclude, signal: opts.signal });
    for (const s of found.skipped)
      set.notes.push(say('cleanup.note.skipped', { path: s.path, reason: s.reason }));
    const workspaces = new Set<string>();
    for (const project of found.projects) {
      set.projects.push(project.dir);
      await this.addModuleFiles(set, project.dir, 'go.mod', 'go.sum', opts.running);
      if (!project.hasGoSum) set.notes.push(say('cleanup.note.noGoSum', { dir: project.dir }));
      if (project.workspace) workspaces.add(path.dirname(project.workspace));
    }
    // In a workspace go reads the go.work's go/toolchain lines; a module's own still count for
    // builds with GOWORK=off.
    for (const dir of workspaces)
      await this.addModuleFiles(set, dir, 'go.work', 'go.work.sum', opts.running);
    return set;
  }

  private async addModuleFiles(
    set: InUseSet,
    dir: string,
    modName: string,
    sumName: string,
    running: RunningGo | undefined,
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
      const toolchain = neededToolchain(mod, running);
      if (toolchain)
        set.addToolchain(toolchain, dir, running ? `${running.goos}-${running.goarch}` : undefined);
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
