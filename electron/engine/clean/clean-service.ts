import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ParsedInput } from '../../../shared/contract';
import type { CleanPlan, CleanResult, CleanTarget, KeptVersion } from '../../../shared/dto/clean';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { CacheScanner } from '../gomod/scanner';
import type { CacheVerifier } from '../gomod/verifier';
import { PathGuard } from '../platform/path-guard';
import type { ToolchainProcesses } from '../platform/toolchain-processes';
import type { GoEnvService } from '../toolchain/go-env';
import { DEFAULT_ALL_TARGETS, planAll } from './all-planner';
import type { CleanExecutor } from './clean-executor';
import type { SettingsStore } from '../settings/settings-store';
import { planCorrupt } from './corrupt-planner';
import { listBuildCacheEntries } from './gocache-entries';
import { planGocache } from './gocache-planner';
import type { RunningGo } from '../gomod/toolchain-module';
import { runningGoOf } from '../gomod/toolchain-module';
import type { InUseResolver, InUseSet } from './in-use';
import type { PlannedItem } from './planned-item';
import { toDto } from './planned-item';
import { planUnused } from './unused-planner';
import { DAY_MS } from './quarantine-store';
import type { Said } from '../english';
import { say } from '../english';

export type CleanRequest = ParsedInput<'clean.plan'>;
export type RunRequest = ParsedInput<'clean.run'>;

export interface JobHooks {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  output?: (line: string, stream?: JobOutputLine['stream']) => void;
}

interface Roots {
  gomodcache: string;
  gocache: string;
}

/** What one kind of plan found, before it becomes a CleanPlan. */
interface KindPlan {
  items: PlannedItem[];
  kept: KeptVersion[];
  projects: string[];
  notes: Said[];
}

interface Prepared {
  plan: CleanPlan;
  items: PlannedItem[];
  guard: PathGuard;
  roots: Roots;
  targets: CleanTarget[];
}

export interface CleanServiceDeps {
  goEnv: GoEnvService;
  scanner: CacheScanner;
  verifier: CacheVerifier;
  inUse: InUseResolver;
  executor: CleanExecutor;
  settings: Pick<SettingsStore, 'get'>;
  processes: ToolchainProcesses;
  home: string;
  now: () => number;
}

const gocacheOn = (gocache: string) => gocache !== '' && gocache !== 'off';

/** Plans a cleanup (always first, also right before running it) and hands it to the executor. */
export class CleanService {
  constructor(private readonly d: CleanServiceDeps) {}

  async plan(req: CleanRequest, hooks: JobHooks = {}): Promise<CleanPlan> {
    return (await this.prepare(req, hooks)).plan;
  }

  async run(req: RunRequest, hooks: JobHooks = {}): Promise<CleanResult> {
    const settings = await this.d.settings.get();
    const prepared = await this.prepare(req, hooks);
    const notes: Said[] = prepared.plan.notes.map((english, i) => ({
      english,
      text: prepared.plan.noteTexts![i]!,
    }));
    let items = prepared.items;
    if (req.select) {
      const wanted = new Set(req.select);
      items = items.filter((i) => wanted.has(i.id));
      const missing = req.select.length - items.length;
      if (missing > 0) notes.push(say('cleanup.note.deselected', { n: missing }));
    }
    const mode =
      req.mode ?? (req.kind === 'all' && settings.preferToolchain ? 'toolchain' : 'quarantine');
    const result = await this.d.executor.execute({
      kind: req.kind,
      mode,
      origin: `clean ${req.kind}`,
      roots: prepared.roots,
      targets: prepared.targets,
      items,
      guard: prepared.guard,
      quarantineDir: settings.quarantineDir,
      backupFirst: req.backupFirst ?? settings.backupFirst,
      ...hooks,
    });
    return {
      ...result,
      purgeAt: result.quarantineId
        ? this.d.now() + settings.quarantineRetentionDays * DAY_MS
        : null,
      notes: [...notes.map((n) => n.english), ...result.notes],
      noteTexts: [...notes.map((n) => n.text), ...(result.noteTexts ?? [])],
    };
  }

  private async prepare(req: CleanRequest, hooks: JobHooks): Promise<Prepared> {
    const now = this.d.now();
    const roots = {
      gomodcache: await this.d.goEnv.gomodcache(),
      gocache: await this.d.goEnv.gocache(),
    };
    // Unsafe roots are refused before anything is planned, dry runs included.
    const guard = PathGuard.create(
      [
        { label: 'module cache', path: roots.gomodcache },
        ...(gocacheOn(roots.gocache) ? [{ label: 'build cache', path: roots.gocache }] : []),
      ],
      this.d.home,
    );
    const targets = req.targets ?? DEFAULT_ALL_TARGETS;
    const found = await this.planKind(req, roots, targets, now, hooks);
    const blockers =
      req.kind === 'all'
        ? await this.d.processes.find({
            gomodcache: targets.includes('modcache') ? roots.gomodcache : undefined,
            gocache:
              gocacheOn(roots.gocache) && targets.some((t) => t !== 'modcache')
                ? roots.gocache
                : undefined,
          })
        : [];
    const plan: CleanPlan = {
      kind: req.kind,
      ...roots,
      items: found.items.map(toDto),
      bytesReclaimable: found.items.reduce((n, i) => n + i.bytes, 0),
      kept: found.kept,
      projects: found.projects,
      notes: found.notes.map((n) => n.english),
      noteTexts: found.notes.map((n) => n.text),
      blockers,
      createdAt: now,
      durationMs: this.d.now() - now,
    };
    return { plan, items: found.items, guard, roots, targets };
  }

  private async planKind(
    req: CleanRequest,
    roots: Roots,
    targets: CleanTarget[],
    now: number,
    hooks: JobHooks,
  ): Promise<KindPlan> {
    const none: KindPlan = { items: [], kept: [], projects: [], notes: [] };
    switch (req.kind) {
      case 'unused': {
        hooks.progress?.({ phase: 'scanning' });
        const scan = await this.d.scanner.scan(roots.gomodcache, { signal: hooks.signal });
        // Asking go costs process starts: only when the cache holds toolchains to decide on.
        const env = scan.totals.toolchains.versions > 0 ? await this.d.goEnv.get() : null;
        const running = env ? runningGoOf(env) : undefined;
        const inUse = await this.projects(req, roots, true, hooks, running);
        const { items, kept } = planUnused(scan, inUse!, {
          keepLatest: req.keepLatest,
          olderThanMs: req.olderThanMs,
          now,
          goroot: env?.vars.GOROOT || null,
          running,
        });
        return { items, kept, projects: inUse!.projects, notes: notesOf(inUse) };
      }
      case 'corrupt': {
        const inUse = await this.projects(req, roots, false, hooks);
        const projects = inUse?.projects ?? [];
        const verify = await this.d.verifier.verify(roots.gomodcache, {
          deep: req.deep,
          projectDirs: projects.filter((p) => existsSync(path.join(p, 'go.sum'))),
          signal: hooks.signal,
          progress: hooks.progress,
        });
        const scan = await this.d.scanner.scan(roots.gomodcache, { signal: hooks.signal });
        return { ...none, items: planCorrupt(scan, verify), projects, notes: notesOf(inUse) };
      }
      case 'gocache': {
        if (!gocacheOn(roots.gocache)) return { ...none, notes: [say('cleanup.note.gocacheOff')] };
        hooks.progress?.({ phase: 'listing build cache' });
        const entries = await listBuildCacheEntries(roots.gocache, hooks.signal);
        const items = planGocache(entries, {
          olderThanMs: req.olderThanMs,
          maxSizeBytes: req.maxSizeBytes,
          now,
        });
        return { ...none, items };
      }
      case 'all': {
        hooks.progress?.({ phase: 'measuring' });
        return { ...none, ...(await planAll(roots, targets, hooks.signal)) };
      }
    }
  }

  /** The in-use set of the request's (or the settings') project roots. */
  private async projects(
    req: CleanRequest,
    roots: Roots,
    required: boolean,
    hooks: JobHooks,
    running?: RunningGo,
  ): Promise<InUseSet | null> {
    const projectRoots = req.projectRoots.length
      ? req.projectRoots
      : (await this.d.settings.get()).projectRoots;
    if (projectRoots.length === 0) {
      if (!required) return null;
      throw new EngineError(
        'INVALID_INPUT',
        'No project roots: ModVault cannot tell which versions are in use.',
        {
          fix: 'Pass --project-root DIR (several allowed) or save them with `modvault clean settings --project-root DIR`.',
        },
      );
    }
    hooks.progress?.({ phase: 'finding projects' });
    const set = await this.d.inUse.resolve(projectRoots, {
      exclude: [roots.gomodcache, roots.gocache],
      signal: hooks.signal,
      running,
    });
    if (!required) return set;
    if (set.projects.length === 0)
      throw new EngineError(
        'PATH_INVALID',
        `No Go projects (go.mod) under ${projectRoots.join(', ')}: every version would count as unused.`,
        { fix: 'Pass the folders that hold your Go projects with --project-root.' },
      );
    // A go.sum we cannot read would make every version it names look unused.
    const unreadable = set.unreadable[0];
    if (unreadable)
      throw new EngineError(
        'PERMISSION_DENIED',
        `${unreadable.file} cannot be read (${unreadable.error}), so ModVault cannot tell what that project uses.`,
        {
          path: unreadable.file,
          fix: 'Make it readable for your user, or leave its folder out of --project-root.',
        },
      );
    return set;
  }
}

function notesOf(set: InUseSet | null): Said[] {
  if (!set) return [];
  return [
    ...set.notes,
    ...set.unreadable.map((u) => say('cleanup.note.unreadable', { file: u.file, error: u.error })),
  ];
}
