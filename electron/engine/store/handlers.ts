import type { SnapshotProblem } from '../../../shared/dto/store';
import { EngineError } from '../errors';
import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import { storeLockKey } from '../jobs/lock-keys';
import type { EventBus } from '../rpc/event-bus';
import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from '../toolchain/go-env';
import type { BackupStore } from './backup-store';
import type { CacheLister } from './cache-lister';
import { damagedIndexResult } from './store-checker';
import type { StoreChecker } from './store-checker';
import type { Pruner } from './pruner';
import { SnapshotCatalog, toSummary, toVersionDto } from './snapshot-catalog';
import type { SnapshotDiffer } from './snapshot-diff';
import type { SnapshotExporter } from './snapshot-exporter';
import type { SnapshotForgetter } from './snapshot-forget';
import type { SnapshotImporter } from './snapshot-importer';
import { emitStoreChanged, snapshotCaches } from './snapshot-job';
import type { SnapshotWriter } from './snapshot-writer';
import type { StoreRepairer } from './store-repairer';

export interface StoreHandlerDeps {
  jobs: JobRunner;
  events: EventBus;
  goEnv: GoEnvService;
  store: BackupStore;
  lister: CacheLister;
  snapshots: SnapshotWriter;
  forgetter: SnapshotForgetter;
  pruner: Pruner;
  checker: StoreChecker;
  differ: SnapshotDiffer;
  exporter: SnapshotExporter;
  importer: SnapshotImporter;
  repairer: StoreRepairer;
}

type StoreCommand =
  | 'store.info'
  | 'store.snapshot'
  | 'store.snapshots'
  | 'store.versions'
  | 'store.problems'
  | 'store.forget'
  | 'store.prune'
  | 'store.check'
  | 'store.diff'
  | 'store.export'
  | 'store.import'
  | 'store.repair';

export function storeHandlers(d: StoreHandlerDeps): HandlerGroup<StoreCommand> {
  const lockKey = () => storeLockKey(d.store.paths().dir);
  const changed = (
    reason: 'forget' | 'prune' | 'import' | 'repair',
    snapshot: string | null = null,
  ) => emitStoreChanged(d.events, d.store, reason, snapshot);
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
    'store.problems': async (req) => {
      const catalog = new SnapshotCatalog(await d.store.requireReader());
      return JSON.parse(catalog.get(req.snapshot).problems) as SnapshotProblem[];
    },
    'store.snapshot': jobHandler(d.jobs, 'store.snapshot', (req) => ({
      title: req.gocache ? 'Snapshot the module and build caches' : 'Snapshot the module cache',
      locks: [lockKey()],
      run: (ctx) =>
        snapshotCaches(d, { gocache: req.gocache, signal: ctx.signal, progress: ctx.progress }),
    })),
    'store.forget': jobHandler(d.jobs, 'store.forget', (req) => ({
      title: req.dryRun ? 'Preview which snapshots to forget' : 'Forget snapshots',
      locks: [lockKey()],
      run: async (ctx) => {
        const result = await d.forgetter.forget({
          ...req,
          signal: ctx.signal,
          progress: ctx.progress,
        });
        if (!req.dryRun) changed('forget');
        return result;
      },
    })),
    'store.prune': jobHandler(d.jobs, 'store.prune', (req) => ({
      title: req.dryRun ? 'Preview what prune would free' : 'Prune the store',
      locks: [lockKey()],
      run: async (ctx) => {
        await d.store.requireReader();
        const result = await d.store.write(
          'prune',
          (s) => d.pruner.prune(s, { ...req, signal: ctx.signal, progress: ctx.progress }),
          (r) => !r.dryRun,
        );
        if (!req.dryRun) changed('prune');
        return result;
      },
    })),
    'store.check': jobHandler(d.jobs, 'store.check', (req) => ({
      title: req.readData
        ? `Check the store (reading ${req.readData}% of the data)`
        : 'Check the store',
      run: async (ctx) => {
        const started = Date.now();
        let db;
        try {
          db = await d.store.requireReader();
        } catch (e) {
          if (!(e instanceof EngineError) || e.code !== 'CORRUPT') throw e;
          return damagedIndexResult(d.store.paths().index, e.message, e.fix, started, Date.now());
        }
        return d.checker.check(db, d.store.paths(), {
          readData: req.readData,
          // What is found damaged is recorded (the next snapshot heals it) where the store
          // may be written.
          mark: d.store.readOnly() === null,
          signal: ctx.signal,
          progress: ctx.progress,
        });
      },
    })),
    'store.diff': jobHandler(d.jobs, 'store.diff', (req) => ({
      title: req.current
        ? `Compare snapshot ${req.from} with the cache`
        : `Compare snapshots ${req.from} and ${req.to}`,
      run: async () => {
        const db = await d.store.requireReader();
        const catalog = new SnapshotCatalog(db);
        const from = catalog.get(req.from);
        if (req.current) return d.differ.current(db, catalog, from, await d.goEnv.gomodcache());
        return d.differ.snapshots(catalog, from, catalog.get(req.to!));
      },
    })),
    'store.export': jobHandler(d.jobs, 'store.export', (req) => ({
      title: `Export snapshot ${req.snapshot}`,
      run: (ctx) => d.exporter.export({ ...req, signal: ctx.signal, progress: ctx.progress }),
    })),
    'store.import': jobHandler(d.jobs, 'store.import', (req) => ({
      title: `Import ${req.path}`,
      locks: [lockKey()],
      run: async (ctx) => {
        const result = await d.importer.import(req.path, {
          signal: ctx.signal,
          progress: ctx.progress,
        });
        changed('import', result.snapshot.id);
        return result;
      },
    })),
    'store.repair': jobHandler(d.jobs, 'store.repair', () => ({
      title: 'Repair the store',
      locks: [lockKey()],
      run: async (ctx) => {
        const result = await d.repairer.repair({ signal: ctx.signal, progress: ctx.progress });
        changed('repair');
        return result;
      },
    })),
  };
}
