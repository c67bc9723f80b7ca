import type { ScheduledRunResult } from '../../../shared/dto/schedule';
import type { SnapshotResult } from '../../../shared/dto/store';
import type { JobContext } from '../jobs/job-runner';
import type { SettingsStore } from '../settings/settings-store';
import type { CacheSnapshotDeps } from '../store/snapshot-job';
import { emitStoreChanged, snapshotCaches } from '../store/snapshot-job';
import type { SnapshotForgetter } from '../store/snapshot-forget';
import { hasRules } from '../store/retention';
import type { ScheduleRecord } from './schedule-repo';
import type { RemotePusher } from '../remote/remote-pusher';

export interface ScheduledBackupDeps extends CacheSnapshotDeps {
  forgetter: SnapshotForgetter;
  settings: SettingsStore;
  /** Pushes the new snapshot when the schedule names a remote. */
  pusher: Pick<RemotePusher, 'push'>;
}

/** The body of a scheduled run; the scheduler's tests put their own in its place. */
export interface ScheduledRun {
  run(schedule: ScheduleRecord, ctx: JobContext): Promise<ScheduledRunResult>;
}

/**
 * A scheduled backup: the same snapshot as `modvault snapshot`, then the schedule's retention
 * (the store's forget, and prune). Retention is held when the new snapshot is far smaller than
 * the one before it — a cache deleted while the snapshot ran must not push the good snapshots
 * out of the store.
 */
export class ScheduledBackup implements ScheduledRun {
  constructor(private readonly d: ScheduledBackupDeps) {}

  async run(s: ScheduleRecord, ctx: JobContext): Promise<ScheduledRunResult> {
    const snapshot = await snapshotCaches(this.d, {
      gocache: s.gocache,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    ctx.output(
      `Snapshot ${snapshot.id}: ${snapshot.versions} versions (${snapshot.newVersions} new).`,
    );
    const result: ScheduledRunResult = {
      schedule: s.id,
      snapshot,
      retention: null,
      retentionHeld: null,
      push: null,
    };
    await this.applyRetention(s, snapshot, result, ctx);
    if (s.pushTo) {
      ctx.throwIfCanceled();
      // The backup is not done until it is off the machine: a failed push fails the run, and
      // the schedule's retry pushes again (the snapshot itself is a no-op then).
      result.push = await this.d.pusher.push(
        { remote: s.pushTo, snapshots: [snapshot.id] },
        { signal: ctx.signal, progress: ctx.progress, output: (l) => ctx.output(l) },
      );
      ctx.output(`Pushed snapshot ${snapshot.id} to ${s.pushTo}.`);
    }
    return result;
  }

  private async applyRetention(
    s: ScheduleRecord,
    snapshot: SnapshotResult,
    result: ScheduledRunResult,
    ctx: JobContext,
  ): Promise<void> {
    if (!hasRules(s.retention)) return;
    result.retentionHeld = await this.shrinkage(snapshot);
    if (result.retentionHeld) {
      ctx.output(result.retentionHeld, 'stderr');
      return;
    }
    ctx.throwIfCanceled();
    result.retention = await this.d.forgetter.forget({
      snapshots: [],
      policy: s.retention,
      force: false,
      dryRun: false,
      prune: s.prune,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    if (result.retention.remove.length > 0) {
      emitStoreChanged(this.d.events, this.d.store, 'forget');
      ctx.output(`Retention removed ${result.retention.remove.length} snapshot(s).`);
    }
  }

  /** Why retention must wait, or null. */
  private async shrinkage(snapshot: SnapshotResult): Promise<string | null> {
    const db = await this.d.store.requireReader();
    const previous = db
      .prepare(
        `SELECT versions FROM snapshots WHERE gomodcache = ? AND id != ? AND kind = 'snapshot'
         ORDER BY seq DESC LIMIT 1`,
      )
      .pluck()
      .get(snapshot.gomodcache, snapshot.id) as number | undefined;
    if (!previous) return null;
    const { cacheLossPercent } = await this.d.settings.get();
    const drop = previous - snapshot.versions;
    if (drop * 100 < cacheLossPercent * previous) return null;
    return `Retention not applied: this snapshot holds ${snapshot.versions} module versions, the previous one ${previous}. Older snapshots stay until a snapshot looks like the cache again (or forget them yourself with modvault forget).`;
  }
}
