import type { EngineClient } from '../../../../shared/client';
import type { CommandInput } from '../../../../shared/contract';
import type {
  RestorePlan,
  RestoreResult,
  ToolchainRestoreResult,
} from '../../../../shared/dto/restore';
import type { RemoteView } from '../../../../shared/dto/remote';
import type { SnapshotSummary } from '../../../../shared/dto/store';
import type { AppError } from '../../../../shared/errors';
import { Resource, toAppError } from '../../lib/state/resource.svelte';

export const STEPS = ['what', 'snapshot', 'scope', 'preview', 'run', 'result'] as const;
export type Step = (typeof STEPS)[number];
/** What the user says happened: it picks the scope and whether damaged versions are replaced. */
export type Situation = 'gone' | 'broken' | 'project';
/** Everything in the snapshot, what project folders need, or the modules named. */
export type Scope = 'all' | 'projects' | 'modules';
export type WizardMode = 'quick' | 'full' | 'toolchain';

/** The contract's pattern for a --module argument: "path" or "path@version". */
const MODULE_ARG = /^[^@\s]+(@[^@\s]+)?$/;

/** One entry per line, blank lines and surrounding spaces ignored. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export type Outcome =
  | { kind: 'restore'; result: RestoreResult }
  | { kind: 'toolchain'; result: ToolchainRestoreResult }
  | { kind: 'failed'; error: AppError };

/**
 * The Restore wizard's state: the answers so far, the snapshot list, the plan (restore.plan),
 * and the run (restore.run or restore.toolchain) with its job id for progress and output.
 */
export class RestoreWizard {
  step = $state<Step>('what');
  situation = $state<Situation>('gone');
  snapshot = $state('latest');
  scope = $state<Scope>('all');
  /** Project folders, one per line. */
  projectsText = $state('');
  /** Module paths or path@version, one per line. */
  modulesText = $state('');
  mode = $state<WizardMode>('quick');
  otherTarget = $state(false);
  targetPath = $state('');
  repair = $state(false);
  gocache = $state(false);
  links = $state(true);

  /** Where the snapshot comes from: 'local' (this computer's store) or a remote's name. */
  source = $state('local');
  readonly remotes = new Resource<RemoteView[]>();
  readonly snapshots = new Resource<SnapshotSummary[]>();
  readonly plan = new Resource<RestorePlan>();
  runJobId = $state<string | null>(null);
  outcome = $state.raw<Outcome | null>(null);

  constructor(private readonly client: EngineClient) {}

  get projects(): string[] {
    return lines(this.projectsText);
  }

  get modules(): string[] {
    return lines(this.modulesText);
  }

  /** Lines of the modules box the engine would refuse. */
  get badModules(): string[] {
    return this.modules.filter((m) => !MODULE_ARG.test(m));
  }

  /** `go mod download` runs in one project: the toolchain needs exactly one. */
  get toolchainPossible(): boolean {
    return this.scope === 'projects' && this.projects.length === 1;
  }

  /** What keeps the scope step from going on, as a message key (null: nothing). */
  get scopeProblem():
    | 'restore.scope.needProject'
    | 'restore.scope.needModule'
    | 'restore.scope.badModules'
    | 'restore.scope.needTarget'
    | 'restore.mode.toolchainNeedsOne'
    | null {
    if (this.scope === 'projects' && this.projects.length === 0) return 'restore.scope.needProject';
    if (this.scope === 'modules' && this.modules.length === 0) return 'restore.scope.needModule';
    if (this.scope === 'modules' && this.badModules.length) return 'restore.scope.badModules';
    if (this.mode === 'toolchain' && !this.toolchainPossible)
      return 'restore.mode.toolchainNeedsOne';
    if (this.otherTarget && !this.targetPath.trim()) return 'restore.scope.needTarget';
    return null;
  }

  /** Moving back past an answer makes what was computed from it stale. */
  goTo(step: Step): void {
    if (STEPS.indexOf(step) < STEPS.indexOf('preview')) {
      // A plan still being computed for the old answers is of no use any more.
      if (this.plan.jobId) void this.client.query('jobs.cancel', { id: this.plan.jobId });
      this.plan.data = null;
      this.plan.error = null;
    }
    this.step = step;
  }

  choose(situation: Situation): void {
    this.situation = situation;
    this.repair = situation === 'broken';
    this.scope = situation === 'project' ? 'projects' : 'all';
  }

  setScope(scope: Scope): void {
    this.scope = scope;
    if (this.mode === 'toolchain' && !this.toolchainPossible) this.mode = 'quick';
  }

  /** Adds a project folder to the list, or takes it off when it is there. */
  toggleProject(dir: string): void {
    const list = this.projects;
    this.projectsText = (list.includes(dir) ? list.filter((p) => p !== dir) : [...list, dir]).join(
      '\n',
    );
  }

  loadSnapshots(): void {
    if (!this.remotes.data) void this.remotes.load(() => this.client.query('remote.list', {}));
    const source = this.source;
    void this.snapshots.load(async (onStarted) =>
      source === 'local'
        ? this.client.query('store.snapshots', {})
        : (await this.client.runJob('remote.snapshots', { remote: source }, { onStarted }))
            .snapshots,
    );
  }

  /** Picks where to restore from; the snapshot list is that source's. */
  setSource(source: string): void {
    this.source = source;
    this.snapshot = 'latest';
    if (source !== 'local' && this.mode === 'toolchain') this.mode = 'quick';
    this.loadSnapshots();
  }

  get selectedSnapshot(): SnapshotSummary | null {
    const list = this.snapshots.data ?? [];
    return this.snapshot === 'latest'
      ? (list.at(-1) ?? null)
      : (list.find((s) => s.id === this.snapshot) ?? null);
  }

  /** The scope and mode as the engine takes them. */
  request(): CommandInput<'restore.run'> {
    return {
      snapshot: this.snapshot,
      mode: this.mode === 'full' ? 'full' : 'quick',
      projects: this.scope === 'projects' ? this.projects : [],
      modules: this.scope === 'modules' ? this.modules : [],
      target: this.otherTarget && this.targetPath.trim() ? this.targetPath.trim() : undefined,
      repair: this.repair,
      gocache: this.gocache && this.scope === 'all',
      links: this.links,
    };
  }

  preview(): void {
    this.step = 'preview';
    const source = this.source;
    void this.plan.load((onStarted) =>
      source === 'local'
        ? this.client.runJob('restore.plan', this.request(), { onStarted })
        : this.client.runJob(
            'remote.restorePlan',
            { ...this.request(), remote: source },
            { onStarted },
          ),
    );
  }

  /** Runs the restore; the run step follows its job, the result step shows how it went. */
  async start(): Promise<void> {
    this.step = 'run';
    this.outcome = null;
    this.runJobId = null;
    const onStarted = (id: string) => (this.runJobId = id);
    try {
      const req = this.request();
      this.outcome =
        this.mode === 'toolchain'
          ? {
              kind: 'toolchain',
              result: await this.client.runJob(
                'restore.toolchain',
                { snapshot: req.snapshot, project: req.projects![0]!, target: req.target },
                { onStarted },
              ),
            }
          : {
              kind: 'restore',
              result:
                this.source === 'local'
                  ? await this.client.runJob('restore.run', req, { onStarted })
                  : await this.client.runJob(
                      'remote.restore',
                      { ...req, remote: this.source },
                      { onStarted },
                    ),
            };
    } catch (e) {
      this.outcome = { kind: 'failed', error: toAppError(e) };
    }
    this.step = 'result';
  }

  reset(): void {
    this.step = 'what';
    this.plan.data = null;
    this.plan.error = null;
    this.outcome = null;
    this.runJobId = null;
  }
}
