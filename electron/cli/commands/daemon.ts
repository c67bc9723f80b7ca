import { homedir } from 'node:os';
import path from 'node:path';
import { createI18n } from '../../../shared/i18n';
import { scheduleLabel } from '../../../shared/i18n/describe-schedule';
import { hostEngine } from '../../engine/host/host-engine';
import type { HostedEngine } from '../../engine/host/host-engine';
import { engineEndpoints } from '../../engine/link/engine-endpoint';
import { processAppDirs } from '../../engine/platform/app-paths';
import { FileLogger } from '../../engine/platform/file-logger';
import { favorSmallHeap } from '../../engine/platform/heap-tuning';
import { sysfsPowerEvents } from '../../engine/platform/sysfs-power';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { daemonLogFile } from '../daemon/daemon-log';
import { serviceTarget, writeServiceTarget } from '../daemon/service-install';

const en = createI18n('en');
/** Variables the daemon should see as this shell does (a login service starts without them). */
const PASSED_ENV = ['PATH', 'GOPATH', 'GOENV', 'MODVAULT_DATA', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'];

async function install(ctx: CliContext): Promise<ExitCode> {
  const env = await ctx.engine.goEnv.get();
  // The caches are pinned as ModVault sees them now: a login service lacks the shell's variables.
  const argv = [
    process.execPath,
    path.resolve(process.argv[1]!),
    'daemon',
    '--gomodcache',
    await ctx.engine.goEnv.gomodcache(),
    ...(env.gocache && env.gocache !== 'off' ? ['--gocache', env.gocache] : []),
  ];
  const store = ctx.string('store') ?? process.env.MODVAULT_STORE;
  if (store) argv.push('--store', path.resolve(store));
  const log = ctx.string('log');
  if (log) argv.push('--log', path.resolve(log));
  const target = serviceTarget({
    platform: process.platform,
    home: homedir(),
    env: process.env,
    dataDir: ctx.engine.dirs.dataDir,
    spec: {
      argv,
      env: Object.fromEntries(
        PASSED_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]!]),
      ),
      workingDir: ctx.engine.dirs.dataDir,
      logDir: path.dirname(daemonLogFile(log)),
    },
  });
  const print = ctx.flag('print');
  if (!print) await writeServiceTarget(target);
  if (ctx.json) {
    ctx.printJson({
      kind: target.kind,
      file: target.file,
      written: !print,
      content: target.text,
      activate: target.activate,
    });
    return 0;
  }
  if (print) {
    ctx.print(target.text);
    ctx.note(`(${target.kind}; --install without --print writes it to ${target.file})`);
    return 0;
  }
  ctx.print(`Wrote the ${target.kind} ${ctx.style.cyan(target.file)}.`);
  ctx.print('Start it now and at every login with:');
  for (const line of target.activate) ctx.print(`  ${line}`);
  return 0;
}

export const daemonCommand: CliCommand = {
  name: 'daemon',
  summary: 'Run scheduled backups and the cache watch without a window',
  usage: 'modvault daemon [--log FILE] | modvault daemon --install [--print]',
  options: [
    {
      name: 'log',
      type: 'string',
      valueName: 'FILE',
      description: 'Log file (default: logs/daemon.log in the settings folder); also on stdout',
    },
    {
      name: 'install',
      type: 'boolean',
      description: 'Write a login service for this OS (systemd user unit, launchd agent, schtasks)',
    },
    { name: 'print', type: 'boolean', description: 'With --install: print it, write nothing' },
  ],
  details: [
    'Runs the schedules of the store (see `modvault schedule`) and watches GOMODCACHE and',
    'GOCACHE until stopped (Ctrl-C, SIGTERM). Logs one JSON line per event to the log file',
    'and to stdout; a deleted cache is logged as "cache-lost" with the versions gone and the',
    'snapshot that holds them. On Linux it reads the battery state for --skip-on-battery.',
    '',
    '--install pins the caches as ModVault sees them now (and --store, if given) into the',
    'service, so the daemon watches the same folders when started at login.',
    '',
    'Examples:',
    '  modvault daemon',
    '  modvault daemon --install --print',
    '  modvault daemon --install && systemctl --user enable --now modvault.service',
  ].join('\n'),
  engineOptions(options) {
    if (options.install || options.print) return {};
    // Idle for hours between runs: memory matters more than speed here.
    favorSmallHeap();
    return {
      logger: FileLogger.open({
        file: daemonLogFile(typeof options.log === 'string' ? options.log : undefined),
        level: options.verbose ? 'debug' : 'info',
        maxBytes: 10 * 1024 * 1024,
        echo: process.stdout,
      }),
    };
  },
  async run(ctx) {
    if (ctx.flag('install') || ctx.flag('print')) return install(ctx);
    const logger = ctx.logger;
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    if (ctx.signal.aborted) stop('SIGINT');
    ctx.signal.addEventListener('abort', () => stop('SIGINT'), { once: true });
    process.once('SIGTERM', () => stop('SIGTERM'));
    const hosted = await hostWhenFree(ctx, stopped);
    if (!hosted) return 0;
    const { engine } = hosted;
    // A store that cannot be read now (an unplugged disk) is logged; the daemon keeps trying.
    const schedules = await engine.client.query('schedule.list', {}).catch((e: unknown) => {
      logger.error('cannot read the schedules', { error: String(e) });
      return [];
    });
    logger.info('daemon started', {
      pid: process.pid,
      log: daemonLogFile(ctx.string('log')),
      store: (await engine.settings.view()).store.path,
      schedules: schedules.map((s) => ({
        id: s.id,
        schedule: scheduleLabel(en.t, s),
        next: s.nextAttemptAt === null ? null : new Date(s.nextAttemptAt).toISOString(),
      })),
    });
    const signal = await stopped;
    logger.info('daemon stopping', { signal });
    await hosted.close();
    await (logger as Partial<FileLogger>).close?.();
    return 0;
  },
};

/** How often a daemon standing by looks whether the engine it defers to is still there. */
const STANDBY_POLL_MS = 2_000;

/**
 * Hosts this user's engine, or, while another one runs (the desktop app), stands by and takes
 * over when it ends: the schedules run in exactly one process. Null when stopped first.
 */
async function hostWhenFree(
  ctx: CliContext,
  stopped: Promise<string>,
): Promise<HostedEngine | null> {
  const endpoints = engineEndpoints(processAppDirs().configDir);
  let told = false;
  let done = false;
  void stopped.then(() => (done = true));
  while (!done) {
    const outcome = await hostEngine({
      host: 'daemon',
      endpoints,
      logger: ctx.logger,
      power: process.platform === 'linux' ? sysfsPowerEvents() : undefined,
      compose: (ports) => ctx.composeEngine(ports),
    });
    if (outcome.hosted) return outcome.engine;
    if (!told) {
      told = true;
      ctx.logger.info('another ModVault engine is running; standing by', {
        pid: outcome.holder.pid,
        host: outcome.holder.host,
      });
    }
    await Promise.race([stopped, new Promise((r) => setTimeout(r, STANDBY_POLL_MS))]);
  }
  return null;
}
