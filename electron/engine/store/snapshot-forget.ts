import type { ForgetDecision, ForgetResult, RetentionPolicy } from '../../../shared/dto/store';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { BackupStore } from './backup-store';
import { manifestPath } from './file-intents';
import type { Pruner } from './pruner';
import { applyRetention, hasRules } from './retention';
import type { SnapshotRecord } from './snapshot-catalog';
import { SnapshotCatalog } from './snapshot-catalog';

export interface ForgetRequest {
  /** Snapshots to remove by id; when empty, the policy decides. */
  snapshots: string[];
  policy: RetentionPolicy;
  force: boolean;
  dryRun: boolean;
  prune: boolean;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

const decision = (s: SnapshotRecord, reasons: string[]): ForgetDecision => ({
  id: s.id,
  time: new Date(s.time).toISOString(),
  host: s.host,
  gomodcache: s.gomodcache,
  reasons,
});

/**
 * Removes snapshots, by id or by a retention policy applied to each source (host and module
 * cache) separately. The newest snapshot of the store is never removed without `force`. Data
 * is only reclaimed by prune (here with `prune`).
 */
export class SnapshotForgetter {
  constructor(
    private readonly store: BackupStore,
    private readonly pruner: Pruner,
  ) {}

  async forget(req: ForgetRequest): Promise<ForgetResult> {
    if (req.snapshots.length === 0 && !hasRules(req.policy))
      throw new EngineError(
        'INVALID_INPUT',
        'Nothing to forget: name snapshots or give at least one --keep-* option.',
        {
          fix: 'For example: modvault forget --keep-daily 7 --keep-weekly 4',
        },
      );
    await this.store.requireReader();
    return this.store.write(
      'forget',
      async (s) => {
        const catalog = new SnapshotCatalog(s.db);
        const all = catalog.list();
        const { keep, remove } =
          req.snapshots.length > 0
            ? this.byId(catalog, all, req.snapshots)
            : this.byPolicy(all, req.policy);
        const newest = all.at(-1);
        if (newest && remove.some((r) => r.id === newest.id) && !req.force)
          throw new EngineError(
            'INVALID_INPUT',
            `${newest.id} is the latest snapshot: it is not removed without --force.`,
            {
              fix: 'Add --force if you really want to remove it.',
            },
          );
        const result: ForgetResult = {
          dryRun: req.dryRun,
          keep,
          remove: remove.map((r) => decision(r, [])),
          prune: null,
        };
        if (req.dryRun) return result;
        const del = s.db.prepare('DELETE FROM snapshots WHERE id = ?');
        const manifests = remove.flatMap((r) => (r.manifest ? [manifestPath(r.manifest)] : []));
        s.db.transaction(() => {
          remove.forEach((r) => del.run(r.id));
          manifests.forEach((m) => s.intents.willDelete(m));
        })();
        // The manifests go once the rows are gone (a crash between: the next writer deletes them).
        s.intents.removeNow(s.paths.dir, manifests);
        if (req.prune)
          result.prune = await this.pruner.prune(s, {
            repackThreshold: 50,
            dryRun: false,
            signal: req.signal,
            progress: req.progress,
          });
        return result;
      },
      (r) => !r.dryRun && r.remove.length > 0,
    );
  }

  private byId(catalog: SnapshotCatalog, all: SnapshotRecord[], refs: string[]) {
    const remove = new Map(refs.map((ref) => catalog.get(ref)).map((s) => [s.id, s]));
    return {
      keep: all
        .filter((s) => !remove.has(s.id))
        .reverse()
        .map((s) => decision(s, ['not named'])),
      remove: [...remove.values()],
    };
  }

  private byPolicy(all: SnapshotRecord[], policy: RetentionPolicy) {
    const groups = new Map<string, SnapshotRecord[]>();
    for (const s of all) {
      const key = `${s.host}\0${s.gomodcache}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const keep: ForgetDecision[] = [];
    const remove: SnapshotRecord[] = [];
    for (const group of groups.values()) {
      const r = applyRetention(group, policy);
      keep.push(...r.keep.map((k) => decision(k.snapshot, k.reasons)));
      remove.push(...r.remove);
    }
    return { keep, remove };
  }
}
