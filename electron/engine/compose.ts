import { availableParallelism, homedir } from 'node:os';
import path from 'node:path';
import { EngineClient } from '../../shared/client';
import type { Transport } from '../../shared/client';
import { BuildCacheStatsReader } from './gocache/build-cache-stats';
import { gocacheHandlers } from './gocache/handlers';
import { CacheScanner } from './gomod/scanner';
import { CacheVerifier } from './gomod/verifier';
import { ProjectFinder } from './gomod/project-finder';
import { gomodHandlers } from './gomod/handlers';
import { LatestResults } from './gomod/latest-results';
import { jobHandlers } from './jobs/handlers';
import { JobRunner } from './jobs/job-runner';
import { ResourceLocks } from './jobs/resource-locks';
import { NotificationPolicy } from './notify/notification-policy';
import type { Notifier } from './notify/notifier';
import type { AppDirs } from './platform/app-paths';
import { appDirs } from './platform/app-paths';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { silentLogger } from './platform/logger';
import type { PowerEvents } from './platform/power-events';
import { noPowerEvents, PowerState } from './platform/power-events';
import { WorkerPool } from './platform/worker-pool';
import { EventBus } from './rpc/event-bus';
import type { CallContext, Handlers } from './rpc/router';
import { Router } from './rpc/router';
import { settingsHandlers } from './settings/handlers';
import { SettingsStore } from './settings/settings-store';
import { statusHandlers } from './status/handlers';
import type { BackupStatusSource } from './status/status-service';
import { StatusService } from './status/status-service';
import { goarchOf, goosOf } from './toolchain/go-defaults';
import { GoEnvService } from './toolchain/go-env';
import { GoRunner } from './toolchain/go-runner';
import { toolchainHandlers } from './toolchain/handlers';

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
  /** Ports the desktop shell provides: OS notifications and power events. */
  notifier?: Notifier;
  power?: PowerEvents;
  /** The OS languages, for notifications when the language setting is 'system'. */
  preferredLanguages?: () => readonly string[];
  /** Last good / next backup for the status (the snapshot store and scheduler provide it). */
  backups?: BackupStatusSource;
}

export interface Engine {
  router: Router;
  events: EventBus;
  jobs: JobRunner;
  client: EngineClient;
  logger: Logger;
  goEnv: GoEnvService;
  runner: GoRunner;
  settings: SettingsStore;
  status: StatusService;
  power: PowerState;
  dirs: AppDirs;
  dispose(): Promise<void>;
}

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
  const pathApi = goos === 'windows' ? path.win32 : path.posix;
  const dirs = appDirs({ goos, env, home, path: pathApi });
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
  const settings = new SettingsStore({
    file: pathApi.join(dirs.configDir, 'settings.json'),
    events,
    clock,
    logger,
    storeOption: opts.overrides?.store,
    storeEnv: env.MODVAULT_STORE,
    defaultStoreDir: dirs.dataDir,
  });
  const latest = new LatestResults(events, jobs);
  const power = new PowerState(opts.power ?? noPowerEvents, clock, logger);
  const status = new StatusService({ events, jobs, power, clock, backups: opts.backups });
  const notifications = opts.notifier
    ? new NotificationPolicy({
        notifier: opts.notifier,
        events,
        settings,
        preferredLanguages:
          opts.preferredLanguages ?? (() => [Intl.DateTimeFormat().resolvedOptions().locale]),
        logger,
      })
    : null;

  const handlers: Handlers = {
    ...toolchainHandlers(goEnv),
    ...jobHandlers(jobs),
    ...gomodHandlers({ jobs, goEnv, scanner, verifier, projects }),
    ...settingsHandlers(settings),
    ...statusHandlers(status),
    ...gocacheHandlers({ jobs, goEnv, stats: new BuildCacheStatsReader(clock) }),
    ...latest.handlers(),
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
    logger,
    goEnv,
    runner,
    settings,
    status,
    power,
    dirs,
    async dispose() {
      notifications?.dispose();
      latest.dispose();
      status.dispose();
      power.dispose();
      await jobs.shutdown();
      await pool.close();
    },
  };
}
