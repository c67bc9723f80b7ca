import type { EngineClient } from '../../../../shared/client';
import type { AppError } from '../../../../shared/errors';
import type {
  RetentionPolicy,
  SnapshotResult,
  SnapshotSummary,
  StoreInfo,
} from '../../../../shared/dto/store';
import type { JobsState } from './jobs.svelte';
import { Resource, toAppError } from './resource.svelte';

/** A refresh this recent is not repeated when a page opens again. */
const RECENT_MS = 1500;

/**
 * The backup store as the engine last described it: where it is, how big, its snapshots, and
 * the snapshot job running now — wherever it was started (this window, another tab, the tray),
 * so the dashboard and the Snapshots page show the same progress.
 */
export class StoreState {
  readonly info = new Resource<StoreInfo>();
  readonly snapshots = new Resource<SnapshotSummary[]>();
  /** The newest snapshot finished while the app was open, for the "backup done" summary. */
  lastResult = $state.raw<SnapshotResult | null>(null);
  /** Why the last "Back up now" could not start or failed. */
  backupError = $state.raw<AppError | null>(null);
  /** The retention policy last previewed on the Snapshots page (kept while the app runs). */
  policy = $state<RetentionPolicy>({ last: 10, daily: 7, weekly: 4, monthly: 12 });
  private refreshedAt = 0;

  constructor(
    private readonly client: EngineClient,
    private readonly jobs: JobsState,
  ) {
    client.on('store.changed', () => void this.refresh(true));
    client.on('job.finished', ({ job, result }) => {
      if (job.command !== 'store.snapshot') return;
      if (job.status === 'succeeded') this.lastResult = result as SnapshotResult;
      else if (job.status === 'failed' && job.error) this.backupError = job.error;
    });
  }

  /** The snapshot job queued or running now, if any. */
  get running() {
    return this.jobs.active.find((j) => j.command === 'store.snapshot') ?? null;
  }

  refresh(force = false): Promise<unknown> {
    if (!force && Date.now() - this.refreshedAt < RECENT_MS) return Promise.resolve();
    this.refreshedAt = Date.now();
    return Promise.all([
      this.info.load(() => this.client.query('store.info', {})),
      this.snapshots.load(() => this.client.query('store.snapshots', {})),
    ]);
  }

  /** Starts a snapshot; progress and the result arrive through the job events. */
  async backUp(gocache: boolean): Promise<void> {
    this.backupError = null;
    try {
      await this.client.call('store.snapshot', { gocache });
    } catch (e) {
      this.backupError = toAppError(e);
    }
  }
}
