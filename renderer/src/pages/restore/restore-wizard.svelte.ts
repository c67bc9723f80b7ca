import type { EngineClient } from '../../../../shared/client';
import type { CommandInput } from '../../../../shared/contract';
import type {
  RestorePlan,
  RestoreResult,
  ToolchainRestoreResult,
} from '../../../../shared/dto/restore';
import type { SnapshotSummary } from '../../../../shared/dto/store';
import type { AppError } from '../../../../shared/errors';
import { Resource, toAppError } from '../../lib/state/resource.svelte';

export const STEPS = ['what', 'snapshot', 'scope', 'preview', 'run', 'result'] as const;
export type Step = (typeof STEPS)[number];
/** What the user says happened: it picks the scope and whether damaged versions are replaced. */
export type Situation = 'gone' | 'broken' | 'project';
export type WizardMode = 'quick' | 'full' | 'toolchain';

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
  mode = $state<WizardMode>('quick');
  project = $state('');
  otherTarget = $state(false);
  targetPath = $state('');
  repair = $state(false);
  gocache = $state(false);
  links = $state(true);

  readonly snapshots = new Resource<SnapshotSummary[]>();
  readonly plan = new Resource<RestorePlan>();
  runJobId = $state<string | null>(null);
  outcome = $state.raw<Outcome | null>(null);

  constructor(private readonly client: EngineClient) {}

  /** Moving back past an answer makes what was computed from it stale. */
  goTo(step: Step): void {
    if (STEPS.indexOf(step) < STEPS.indexOf('preview')) this.plan.data = null;
    this.step = step;
  }

  choose(situation: Situation): void {
    this.situation = situation;
    this.repair = situation === 'broken';
    if (situation !== 'project' && this.mode === 'toolchain') this.mode = 'quick';
  }

  loadSnapshots(): void {
    void this.snapshots.load(() => this.client.query('store.snapshots', {}));
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
      projects: this.situation === 'project' ? [this.project.trim()] : [],
      target: this.otherTarget && this.targetPath.trim() ? this.targetPath.trim() : undefined,
      repair: this.repair,
      gocache: this.gocache,
      links: this.links,
    };
  }

  preview(): void {
    this.step = 'preview';
    if (this.mode === 'toolchain') return;
    void this.plan.load((onStarted) =>
      this.client.runJob('restore.plan', this.request(), { onStarted }),
    );
  }

  /** Runs the restore; the run step follows its job, the result step shows how it went. */
  async start(): Promise<void> {
    this.step = 'run';
    this.outcome = null;
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
              result: await this.client.runJob('restore.run', req, { onStarted }),
            };
    } catch (e) {
      this.outcome = { kind: 'failed', error: toAppError(e) };
    }
    this.step = 'result';
  }

  reset(): void {
    this.step = 'what';
    this.plan.data = null;
    this.outcome = null;
    this.runJobId = null;
  }
}
