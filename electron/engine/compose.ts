import { availableParallelism, homedir, hostname } from 'node:os';
import path from 'node:path';
import { EngineClient } from '../../shared/client';
import type { Transport } from '../../shared/client';
import { CacheScanner } from './gomod/scanner';
import { CacheVerifier } from './gomod/verifier';
import { ProjectFinder } from './gomod/project-finder';
import { gomodHandlers } from './gomod/handlers';
import { jobHandlers } from './jobs/handlers';
import { JobRunner } from './jobs/job-runner';
import { ResourceLocks } from './jobs/resource-locks';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { silentLogger } from './platform/logger';
import { WorkerPool } from './platform/worker-pool';
import { EventBus } from './rpc/event-bus';
import type { CallContext, Handlers } from './rpc/router';
import { Router } from './rpc/router';
import { goarchOf, goosOf } from './toolchain/go-defaults';
import { GoEnvService } from './toolchain/go-env';
import { GoRunner } from './toolchain/go-runner';
import { toolchainHandlers } from './toolchain/handlers';
import { BackupStore } from './store/backup-store';
import { CacheLister } from './store/cache-lister';
import { FaultPoints } from './store/fault-points';
import { storeHandlers } from './store/handlers';
import { Pruner } from './store/pruner';
import { SnapshotDiffer } from './store/snapshot-diff';
import { SnapshotExporter } from './store/snapshot-exporter';
import { SnapshotForgetter } from './store/snapshot-forget';
import { SnapshotImporter } from './store/snapshot-importer';
import { SnapshotWriter } from './store/snapshot-writer';
import { StoreChecker } from './store/store-checker';
import { resolveStoreLocation } from './store/store-location';
import { systemProcesses } from './store/store-lock';

export interface ComposeOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  home?: string;
  /** --gomodcache / --gocache / --store from the command line or settings. */
  overrides?: { gomodcache?: string; gocache?: string; store?: string };
  clock?: Clock;
  logger?: Logger;
  /**
   * Path of the bundled worker script (dist/node/worker.mjs). Entry points pass it because only
   * they know where they were loaded from; shared chunks live in a subfolder.
   */
  workerScript: string;
  workers?: number;
  /** Which transport calls through `client` claim to come from. */
  origin?: CallContext['origin'];
}

export interface Engine {
  router: Router;
  events: EventBus;
  jobs: JobRunner;
  client: EngineClient;
  goEnv: GoEnvService;
  runner: GoRunner;
  dispose(): Promise<void>;
}

/** Packs of tens of MB: few files, and little lost to a crash in the middle of one. */
const DEFAULT_PACK_TARGET_BYTES = 32 * 1024 * 1024;

/** Builds every service once, from options; the only place where services are wired together. */
export function compose(opts: ComposeOptions): Engine {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const events = new EventBus();
  const locks = new ResourceLocks();
  const jobs = new JobRunner({ events, clock, locks, logger });
  const pool = new WorkerPool({
    script: opts.workerScript,
    size: opts.workers ?? Math.max(1, availableParallelism()),
    logger,
  });
  const runner = new GoRunner(env.MODVAULT_GO || 'go', env, logger);
  const goos = goosOf(opts.platform ?? process.platform);
  const home = opts.home ?? homedir();
  const goEnv = new GoEnvService({
    runner,
    env,
    goos,
    goarch: goarchOf(opts.arch ?? process.arch),
    home,
    overrides: { gomodcache: opts.overrides?.gomodcache, gocache: opts.overrides?.gocache },
    logger,
  });
  const scanner = new CacheScanner();
  const verifier = new CacheVerifier(scanner, pool);
  const projects = new ProjectFinder();
  const store = new BackupStore({
    location: () => resolveStoreLocation({ goos, env, home, path, option: opts.overrides?.store }),
    clock,
    logger,
    lockOwner: { pid: process.pid, host: hostname(), now: () => clock.now(), ...systemProcesses },
    // Test hooks (see fault-points.ts); a smaller pack size lets tests cross pack boundaries.
    faults: new FaultPoints(env.MODVAULT_FAULT),
    packTargetBytes: Number(env.MODVAULT_PACK_TARGET_BYTES) || DEFAULT_PACK_TARGET_BYTES,
  });
  const lister = new CacheLister();
  const snapshots = new SnapshotWriter({
    store,
    pool,
    lister,
    clock,
    host: hostname(),
    faults: store.deps.faults,
  });
  const pruner = new Pruner({
    pool,
    clock,
    faults: store.deps.faults,
    packTargetBytes: store.deps.packTargetBytes,
  });

  const handlers: Handlers = {
    ...toolchainHandlers(goEnv),
    ...jobHandlers(jobs),
    ...gomodHandlers({ jobs, goEnv, scanner, verifier, projects }),
    ...storeHandlers({
      jobs,
      events,
      goEnv,
      store,
      lister,
      snapshots,
      pruner,
      forgetter: new SnapshotForgetter(store, pruner),
      checker: new StoreChecker(pool),
      differ: new SnapshotDiffer(lister),
      exporter: new SnapshotExporter(store),
      importer: new SnapshotImporter(store, snapshots),
    }),
  };
  const router = new Router(handlers, logger);
  const origin = opts.origin ?? 'internal';
  const transport: Transport = {
    invoke: (cmd, req) => router.call(cmd, req, { origin }),
    on: (event, fn) => events.on(event, fn),
  };

  return {
    router,
    events,
    jobs,
    client: new EngineClient(transport),
    goEnv,
    runner,
    async dispose() {
      await jobs.shutdown();
      await pool.close();
      store.close();
    },
  };
}
