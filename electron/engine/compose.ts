import { availableParallelism, homedir, hostname } from 'node:os';
import path from 'node:path';
import { EngineClient } from '../../shared/client';
import type { Transport } from '../../shared/client';
import { BuildCacheStatsReader } from './gocache/build-cache-stats';
import { gocacheHandlers } from './gocache/handlers';
import { CacheScanner } from './gomod/scanner';
import { CacheVerifier } from './gomod/verifier';
import { TreeSignatures } from './gomod/tree-signatures';
import { ProjectFinder } from './gomod/project-finder';
import { AuditLog } from './clean/audit-log';
import { CleanExecutor } from './clean/clean-executor';
import { CleanService } from './clean/clean-service';
import { cleanHandlers } from './clean/handlers';
import { InUseResolver } from './clean/in-use';
import { QuarantinePurger } from './clean/quarantine-purger';
import { QuarantineRestorer } from './clean/quarantine-restorer';
import { QuarantineStore } from './clean/quarantine-store';
import { CacheChecks } from './doctor/cache-checks';
import { DoctorService } from './doctor/doctor-service';
import { doctorHandlers } from './doctor/handlers';
import { httpProbe } from './doctor/proxy-probe';
import { Repairer } from './doctor/repairer';
import { gomodHandlers } from './gomod/handlers';
import { TreeExtractor } from './gomod/tree-extractor';
import { VersionLocks } from './gomod/version-lock';
import { jobHandlers } from './jobs/handlers';
import { JobRunner } from './jobs/job-runner';
import { storeLockKey } from './jobs/lock-keys';
import { ResourceLocks } from './jobs/resource-locks';
import { LatestResults } from './gomod/latest-results';
import { NotificationPolicy } from './notify/notification-policy';
import type { Notifier } from './notify/notifier';
import type { AppDirs } from './platform/app-paths';
import { appDirs } from './platform/app-paths';
import type { Clock } from './platform/clock';
import { diskSpace } from './platform/disk-space';
import { FileLocker } from './platform/file-lock';
import { nodeFsOps } from './platform/fs-ops';
import { retryingFsOps, retryPolicyFor } from './platform/fs-retry';
import { systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { silentLogger } from './platform/logger';
import { processListerFor } from './platform/process-list';
import { TOOLCHAIN_PROCESS_NAMES, ToolchainProcesses } from './platform/toolchain-processes';
import { TreeOps } from './platform/tree-ops';
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
import { StoreHealthSource } from './status/store-health-source';
import { CacheAbsenceLookup } from './status/cache-absence';
import { rescanAfterChanges } from './status/rescan-after-changes';
import { activeDemo, DemoCache } from './demo/demo-cache';
import { demoHandlers } from './demo/handlers';
import { goarchOf, goosOf } from './toolchain/go-defaults';
import { GoEnvService } from './toolchain/go-env';
import { GoRunner } from './toolchain/go-runner';
import { toolchainHandlers } from './toolchain/handlers';
import { followStoreSetting } from './store/store-follows-settings';
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
import { ScheduledBackupStatus } from './schedule/backup-status';
import { CacheWatcher } from './schedule/cache-watcher';
import { scheduleHandlers } from './schedule/handlers';
import { ScheduleRepo } from './schedule/schedule-repo';
import { ScheduledBackup } from './schedule/scheduled-backup';
import { Scheduler } from './schedule/scheduler';
import { eventsWorkFor, watchedCaches } from './schedule/watched-caches';
import { StoreChecker } from './store/store-checker';
import { StoreRepairer } from './store/store-repairer';
import { DamageRecorder } from './store/damage-recorder';
import { systemProcesses } from './store/store-lock';
import { SnapshotBeforeClean } from './store/backup-first';
import { restoreHandlers } from './restore/handlers';
import { RepairQuarantine } from './restore/repair-quarantine';
import { RestoreExecutor } from './restore/restore-executor';
import { RestorePlanner } from './restore/restore-planner';
import { RestoreService } from './restore/restore-service';
import { SnapshotVersionRestorer } from './restore/snapshot-restore-port';
import { TargetCheck } from './restore/target-check';
import { ToolchainRestore } from './restore/toolchain-restore';
import { VersionCheck } from './restore/version-check';
import type { SnapshotProxy } from './restore/snapshot-proxy';
import { proxyForSnapshot } from './restore/snapshot-proxy';
import { remoteHandlers } from './remote/handlers';
import { ProxyPublisher } from './remote/proxy-publisher';
import { RemoteAccess } from './remote/remote-access';
import { RemoteChecker } from './remote/remote-checker';
import { RemotePruner } from './remote/remote-pruner';
import { RemotePusher } from './remote/remote-pusher';
import { RemoteRegistry } from './remote/remote-registry';
import { RemoteRestorer } from './remote/remote-restorer';
import type { SecretCipher } from './remote/secret-store';
import { SecretStore } from './remote/secret-store';
import { StoreManifestFiles } from './store/store-manifest-source';

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
  /**
   * Show the store's last good backup in the status: the long-running front ends (the desktop
   * app, `modvault ui`) do; one-shot CLI commands leave it off so they never load SQLite.
   */
  storeStatus?: boolean;
  /** The OS keychain (Electron's safeStorage) for remote credentials; none elsewhere. */
  secretCipher?: SecretCipher;
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
  scheduler: Scheduler;
  watcher: CacheWatcher;
  /**
   * Runs scheduled backups and watches the caches until dispose: the desktop app, `modvault ui`
   * and `modvault daemon` do; one-shot CLI commands do not.
   */
  startBackground(): Promise<void>;
  /** A GOPROXY server over a snapshot (`modvault serve`); the caller listens and closes it. */
  serveSnapshot(ref: string): Promise<SnapshotProxy>;
  dispose(): Promise<void>;
}

/** Packs of tens of MB: few files, and little lost to a crash in the middle of one. */
const DEFAULT_PACK_TARGET_BYTES = 32 * 1024 * 1024;
/** Remote packs: small enough to resume an interrupted push cheaply, large enough for few requests. */
const DEFAULT_REMOTE_PACK_BYTES = 16 * 1024 * 1024;

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
  const platform = opts.platform ?? process.platform;
  const goos = goosOf(platform);
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
    demo: () => activeDemo(dirs.dataDir)?.gomodcache ?? null,
    logger,
  });
  const scanner = new CacheScanner();
  const verifier = new CacheVerifier(
    scanner,
    pool,
    new TreeSignatures(pathApi.join(dirs.dataDir, 'tree-signatures.json'), logger),
  );
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
  // The backup store.
  const store = new BackupStore({
    location: () => settings.storeLocationSync(),
    clock,
    logger,
    lockOwner: { pid: process.pid, host: hostname(), now: () => clock.now(), ...systemProcesses },
    // Test hooks (see fault-points.ts); a smaller pack size lets tests cross pack boundaries.
    faults: new FaultPoints(env.MODVAULT_FAULT),
    packTargetBytes: Number(env.MODVAULT_PACK_TARGET_BYTES) || DEFAULT_PACK_TARGET_BYTES,
  });
  const stopFollowing = followStoreSetting(store, events, jobs);
  const lister = new CacheLister();
  const damage = new DamageRecorder({ store, pool, clock, logger });
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

  const latest = new LatestResults(events, jobs);
  const absence = new CacheAbsenceLookup(store, logger);
  const power = new PowerState(opts.power ?? noPowerEvents, clock, logger);

  // Cache-writing infrastructure: read-only trees, Go's locks, go/gopls detection.
  const uid = process.getuid?.() ?? null;
  const now = () => clock.now();
  const dataDir = dirs.dataDir;
  const trees = new TreeOps({ ops: retryingFsOps(nodeFsOps, retryPolicyFor(platform)), platform });
  const processes = new ToolchainProcesses(
    processListerFor(platform, (name) => TOOLCHAIN_PROCESS_NAMES.has(name)),
    uid,
  );
  const versionLocks = new VersionLocks(new FileLocker(platform), processes);
  const extractor = new TreeExtractor(trees, versionLocks);
  const demo = new DemoCache({ dataDir, extractor, trees, now });

  // Restore, and the ports cleanup and the doctor use: back up first, restore one version.
  const restoreExecutor = new RestoreExecutor(pool, versionLocks, trees);
  const snapshotRestore = new SnapshotVersionRestorer(store, restoreExecutor, goEnv);
  const backupFirst = new SnapshotBeforeClean({ store, snapshots, lister, goEnv, locks, events });

  // Cleanup and the doctor.
  const audit = new AuditLog(dataDir, now);
  const quarantine = new QuarantineStore(dataDir, home, now);
  const cleanExecutor = new CleanExecutor({
    store: quarantine,
    trees,
    locks: versionLocks,
    audit,
    processes,
    runner,
    backup: backupFirst,
    now,
  });
  const cleanService = new CleanService({
    goEnv,
    scanner,
    verifier,
    inUse: new InUseResolver(projects),
    executor: cleanExecutor,
    settings,
    processes,
    home,
    now,
  });
  const restorer = new QuarantineRestorer({
    store: quarantine,
    trees,
    locks: versionLocks,
    audit,
    home,
    now,
  });
  const doctor = new DoctorService({
    goEnv,
    finder: projects,
    settings,
    cacheChecks: new CacheChecks(verifier, scanner, pool, snapshotRestore),
    repairer: new Repairer({
      locks: versionLocks,
      extractor,
      executor: cleanExecutor,
      restorer,
      runner,
      snapshots: snapshotRestore,
    }),
    envDeps: { diskSpace, uid, absence: (dir) => absence.of(dir) },
    probe: httpProbe,
    home,
    now,
  });

  const forgetter = new SnapshotForgetter(store, pruner);
  const checker = new StoreChecker(pool);

  // Restores read a store: the local one, or a remote snapshot staged as a store of its own.
  const restoreWith = (from: BackupStore) =>
    new RestoreService({
      store: from,
      // A remote restore's staging store records its own damage, never into the local store.
      damage: from === store ? damage : new DamageRecorder({ store: from, pool, clock, logger }),
      goEnv,
      settings,
      finder: projects,
      planner: new RestorePlanner(scanner, new VersionCheck(pool)),
      executor: restoreExecutor,
      repairs: new RepairQuarantine({ cleaner: cleanExecutor, restorer, settings, home }),
      targets: new TargetCheck({ diskSpace, uid, home }),
      home,
      now,
    });

  // Remotes: S3-compatible storage that snapshots are pushed to, restored and published from.
  const remoteAccess = new RemoteAccess({
    registry: new RemoteRegistry(pathApi.join(dirs.configDir, 'remotes.json')),
    secrets: new SecretStore(
      pathApi.join(dirs.configDir, 'secrets.json'),
      opts.secretCipher ?? null,
    ),
    env,
    cacheRoot: pathApi.join(dataDir, 'remote-cache'),
  });
  const remoteOwner = { host: hostname(), pid: process.pid, now };
  const stagingRoot = pathApi.join(dataDir, 'remote-staging');
  const remotePruner = new RemotePruner({ access: remoteAccess, ...remoteOwner });
  const remotePusher = new RemotePusher({
    store,
    access: remoteAccess,
    manifests: new StoreManifestFiles(store),
    ...remoteOwner,
    packTargetBytes: Number(env.MODVAULT_REMOTE_PACK_BYTES) || DEFAULT_REMOTE_PACK_BYTES,
  });

  // Scheduled backups and the cache watch (started by long-running front ends only).
  const watcher = new CacheWatcher({
    monitors: () => watchedCaches(goEnv, { store, audit }),
    thresholdPercent: async () => (await settings.get()).cacheLossPercent,
    events,
    clock,
    logger,
    eventsWork: eventsWorkFor(platform),
  });
  const scheduleRepo = new ScheduleRepo(store, store.deps.lockOwner);
  const scheduler = new Scheduler({
    repo: scheduleRepo,
    run: new ScheduledBackup({
      events,
      goEnv,
      store,
      lister,
      snapshots,
      forgetter,
      settings,
      pusher: remotePusher,
    }),
    jobs,
    lockKey: () => storeLockKey(store.paths().dir),
    events,
    power,
    clock,
    logger,
    cacheLost: () => watcher.isLost('gomodcache'),
  });
  const storeHealth = new StoreHealthSource({
    store,
    always: opts.storeStatus ?? false,
    clock,
    logger,
  });
  const status = new StatusService({
    events,
    jobs,
    power,
    clock,
    latest,
    demo: () => demo.active(),
    store: () => storeHealth.read(),
    backups:
      opts.backups ??
      new ScheduledBackupStatus({
        store,
        scheduler,
        gomodcache: () => goEnv.gomodcache(),
        always: opts.storeStatus ?? false,
        logger,
      }),
  });
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
    ...gomodHandlers({ jobs, goEnv, scanner, verifier, projects, absence }),
    ...cleanHandlers({
      jobs,
      service: cleanService,
      store: quarantine,
      restorer,
      purger: new QuarantinePurger(quarantine, trees, audit, home, now),
      settings,
      audit,
    }),
    ...doctorHandlers(jobs, doctor),
    ...settingsHandlers(settings),
    ...statusHandlers(status),
    ...gocacheHandlers({ jobs, goEnv, stats: new BuildCacheStatsReader(clock) }),
    ...latest.handlers(),
    ...restoreHandlers({
      jobs,
      store,
      goEnv,
      service: restoreWith(store),
      toolchain: new ToolchainRestore(store, runner, logger),
    }),
    ...storeHandlers({
      jobs,
      events,
      goEnv,
      store,
      lister,
      snapshots,
      pruner,
      forgetter,
      checker,
      repairer: new StoreRepairer({
        store,
        pool,
        checker,
        clock,
        logger,
        faults: store.deps.faults,
      }),
      differ: new SnapshotDiffer(lister),
      exporter: new SnapshotExporter(store, damage),
      importer: new SnapshotImporter(store, snapshots),
    }),
    ...scheduleHandlers({ repo: scheduleRepo, scheduler, watcher, clock }),
    ...demoHandlers({
      jobs,
      demo,
      goEnv,
      rescan: () => void client.call('cache.scan', {}).catch(() => {}),
    }),
    ...remoteHandlers({
      jobs,
      access: remoteAccess,
      pusher: remotePusher,
      restorer: new RemoteRestorer({
        access: remoteAccess,
        stagingRoot,
        storeAt: (dir) =>
          new BackupStore({ ...store.deps, location: () => ({ dir, source: 'option' }) }),
        restoreWith,
        now,
      }),
      publisher: new ProxyPublisher({ store, access: remoteAccess, now }),
      checker: new RemoteChecker({ access: remoteAccess, stagingRoot, now }),
      pruner: remotePruner,
      now,
    }),
  };
  const router = new Router(handlers, logger);
  const origin = opts.origin ?? 'internal';
  const transport: Transport = {
    invoke: (cmd, req) => router.call(cmd, req, { origin }),
    on: (event, fn) => events.on(event, fn),
  };
  const client = new EngineClient(transport);
  // Long-running front ends (startBackground) keep the health current after every change.
  let stopRescans = () => {};
  watcher.onChange(() => {
    status.reportLosses(watcher.losses());
    scheduler.poke();
    // The scan everything else shows (dashboard, tray) catches up with what the watcher saw.
    void client.call('cache.scan', {}).catch(() => {});
  });

  return {
    router,
    events,
    jobs,
    client,
    logger,
    goEnv,
    runner,
    settings,
    status,
    power,
    dirs,
    scheduler,
    watcher,
    async startBackground() {
      stopRescans = rescanAfterChanges(events, client);
      scheduler.start();
      try {
        await watcher.start();
      } catch (e) {
        logger.error('the cache watch could not start', { error: String(e) });
      }
    },
    serveSnapshot: (ref) => proxyForSnapshot(store, ref, logger),
    async dispose() {
      scheduler.stop();
      watcher.stop();
      notifications?.dispose();
      stopRescans();
      latest.dispose();
      status.dispose();
      power.dispose();
      await jobs.shutdown();
      await scheduler.drain();
      runner.stopAll();
      await pool.close();
      stopFollowing();
      store.close();
    },
  };
}
