import type { SnapshotResult, StoreChanged } from '../../../shared/dto/store';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { EventBus } from '../rpc/event-bus';
import type { GoEnvService } from '../toolchain/go-env';
import type { BackupStore } from './backup-store';
import type { CacheLister } from './cache-lister';
import type { BuildCacheSource } from './snapshot-recorder';
import { cacheSource } from './snapshot-source';
import type { SnapshotWriter } from './snapshot-writer';

export interface CacheSnapshotDeps {
  events: EventBus;
  goEnv: GoEnvService;
  store: BackupStore;
  lister: CacheLister;
  snapshots: SnapshotWriter;
}

export function emitStoreChanged(
  events: EventBus,
  store: BackupStore,
  reason: StoreChanged['reason'],
  snapshot: string | null = null,
): void {
  events.emit('store.changed', { store: store.paths().dir, reason, snapshot });
}

async function buildCache(goEnv: GoEnvService): Promise<BuildCacheSource> {
  const env = await goEnv.get();
  if (!env.gocache || env.gocache === 'off')
    throw new EngineError('PATH_INVALID', 'The build cache is off (GOCACHE=off).', {
      fix: 'Set GOCACHE or pass --gocache DIR, or snapshot without --gocache.',
    });
  return {
    dir: env.gocache,
    goVersion: env.vars.GOVERSION,
    goos: env.vars.GOOS,
    goarch: env.vars.GOARCH,
  };
}

/** Snapshots GOMODCACHE (and GOCACHE): the body of every snapshot job, manual or scheduled. */
export async function snapshotCaches(
  d: CacheSnapshotDeps,
  opts: { gocache: boolean; signal: AbortSignal; progress: (p: ProgressUpdate) => void },
): Promise<SnapshotResult> {
  const result = await d.snapshots.run({
    source: cacheSource(d.lister, await d.goEnv.gomodcache()),
    sumdbDir: (await d.goEnv.sumdbDir()) || null,
    gocache: opts.gocache ? await buildCache(d.goEnv) : null,
    signal: opts.signal,
    progress: opts.progress,
  });
  emitStoreChanged(d.events, d.store, 'snapshot', result.id);
  return result;
}
