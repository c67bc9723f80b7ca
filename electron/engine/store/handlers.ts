import { EngineError } from '../errors';
import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import type { EventBus } from '../rpc/event-bus';
import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from '../toolchain/go-env';
import type { BackupStore } from './backup-store';
import { SnapshotCatalog, toSummary, toVersionDto } from './snapshot-catalog';
import type { BuildCacheSource, SnapshotWriter } from './snapshot-writer';

export interface StoreHandlerDeps {
  jobs: JobRunner;
  events: EventBus;
  goEnv: GoEnvService;
  store: BackupStore;
  snapshots: SnapshotWriter;
}

type StoreCommand =
  | 'store.info'
  | 'store.snapshot'
  | 'store.snapshots'
  | 'store.versions'
  | 'store.forget'
  | 'store.prune'
  | 'store.check'
  | 'store.diff'
  | 'store.export'
  | 'store.import';

const notYet = () => {
  throw new EngineError('UNSUPPORTED', 'not implemented yet');
};

export function storeHandlers(d: StoreHandlerDeps): HandlerGroup<StoreCommand> {
  const lockKey = () => `store:${d.store.paths().dir}`;
  const buildCache = async (): Promise<BuildCacheSource> => {
    const env = await d.goEnv.get();
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
  };
  return {
    'store.info': () => d.store.info(),
    'store.snapshots': async () => {
      const db = await d.store.reader();
      return db ? new SnapshotCatalog(db).list().map(toSummary) : [];
    },
    'store.versions': async (req) => {
      const catalog = new SnapshotCatalog(await d.store.requireReader());
      return catalog.versions(catalog.get(req.snapshot)).map(toVersionDto);
    },
    'store.snapshot': jobHandler(d.jobs, 'store.snapshot', (req) => ({
      title: req.gocache ? 'Snapshot the module and build caches' : 'Snapshot the module cache',
      locks: [lockKey()],
      run: async (ctx) => {
        const result = await d.snapshots.run({
          gomodcache: await d.goEnv.gomodcache(),
          sumdbDir: (await d.goEnv.sumdbDir()) || null,
          gocache: req.gocache ? await buildCache() : null,
          signal: ctx.signal,
          progress: ctx.progress,
        });
        d.events.emit('store.changed', {
          store: d.store.paths().dir,
          reason: 'snapshot',
          snapshot: result.id,
        });
        return result;
      },
    })),
    'store.forget': notYet,
    'store.prune': notYet,
    'store.check': notYet,
    'store.diff': notYet,
    'store.export': notYet,
    'store.import': notYet,
  };
}
