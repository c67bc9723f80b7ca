import { unlinkSync } from 'node:fs';
import type { ComposeOptions, Engine } from '../compose';
import { JobJournal } from '../jobs/job-journal';
import type { EngineEndpoint } from '../link/engine-endpoint';
import { usableEndpoint } from '../link/engine-endpoint';
import type { EngineLockRecord } from '../link/engine-lock';
import { EngineLock, liveHolder } from '../link/engine-lock';
import type { EngineInfo } from '../link/link-protocol';
import { LINK_VERSION } from '../link/link-protocol';
import type { Logger } from '../platform/logger';
import type { PowerEvents } from '../platform/power-events';
import { systemClock } from '../platform/clock';
import { LoopProbe } from '../platform/loop-probe';
import { localBackend } from '../rpc/rpc-session';
import { EngineServer } from './engine-server';
import { ForwardedPower } from './forwarded-power';
import { ShellCipher } from './shell-cipher';

const SHELL_ATTACH_WAIT_MS = 15_000;

/** What the host adds to the engine's options: the ports its front ends provide remotely. */
export type HostPorts = Pick<
  ComposeOptions,
  'notifier' | 'power' | 'preferredLanguages' | 'storeStatus' | 'secretCipher'
>;

export interface HostEngineOptions {
  host: EngineInfo['host'];
  /** Where it may serve, in order of preference (engineEndpoints()). */
  endpoints: EngineEndpoint[];
  compose(ports: HostPorts): Engine;
  /** Power events this process can read itself (the daemon's sysfs on Linux). */
  power?: PowerEvents;
  logger: Logger;
}

export interface HostedEngine {
  engine: Engine;
  info: EngineInfo;
  /** Stops serving, settles the jobs, closes the store and gives the endpoint up. */
  close(): Promise<void>;
}

export type HostOutcome =
  { hosted: true; engine: HostedEngine } | { hosted: false; holder: EngineLockRecord };

/**
 * Runs the engine for this user, unless one already runs: takes the endpoint lock, builds the
 * engine, serves it on the local socket, and starts the schedules and the cache watch. The same
 * code runs in the desktop app's engine process, `modvault daemon` and `modvault ui`.
 */
export async function hostEngine(opts: HostEngineOptions): Promise<HostOutcome> {
  const { logger } = opts;
  // One engine per user, wherever it serves: one that runs at any of the places is the one.
  const running = liveHolder(opts.endpoints);
  if (running) return { hosted: false, holder: running.holder };
  const endpoint = usableEndpoint(opts.endpoints);
  const startedAt = new Date().toISOString();
  const taken = EngineLock.acquire(endpoint.lockFile, {
    host: opts.host,
    socket: endpoint.socket,
    startedAt,
  });
  if (!taken.acquired) return { hosted: false, holder: taken.holder };
  const { lock } = taken;
  let server: EngineServer | null = null;
  const power = new ForwardedPower(opts.power);
  // The desktop app's own engine process starts before its shell attaches: wait for it a little.
  const secrets = new ShellCipher({
    logger,
    attachWaitMs: opts.host === 'desktop' ? SHELL_ATTACH_WAIT_MS : 0,
  });
  let engine: Engine;
  try {
    engine = opts.compose({
      notifier: {
        notify: (n) => {
          // Without a desktop app attached, the log is where a daemon's notifications go.
          if (!server?.notify(n)) logger.info('notification', { ...n });
        },
      },
      power,
      preferredLanguages: () =>
        server?.languages() ?? [Intl.DateTimeFormat().resolvedOptions().locale],
      storeStatus: true,
      secretCipher: secrets,
    });
  } catch (e) {
    lock.release();
    throw e;
  }
  const info: EngineInfo = {
    pid: process.pid,
    host: opts.host,
    startedAt,
    version: LINK_VERSION,
    store: (await engine.settings.view()).store.path,
  };
  const journal = new JobJournal(endpoint.journal, engine.jobs, engine.events, systemClock, logger);
  journal.recover();
  journal.start();
  const srv = new EngineServer({
    socket: endpoint.socket,
    token: lock.record.token,
    info,
    backend: localBackend(engine.router, engine.events),
    logger,
    onPower: (event, onBattery) => power.forward(event, onBattery),
    probe: process.env.MODVAULT_LOOP_PROBE ? new LoopProbe() : null,
    secrets,
  });
  server = srv;
  try {
    await srv.listen();
  } catch (e) {
    await engine.dispose().catch(() => {});
    lock.release();
    throw e;
  }
  logger.info('engine started', { pid: process.pid, host: opts.host, socket: endpoint.socket });
  // The dashboard and the tray open on the cache scan: start it before anyone asks.
  void engine.client.call('cache.scan', {}).catch(() => {});
  void engine.startBackground();
  let closing: Promise<void> | null = null;
  return {
    hosted: true,
    engine: {
      engine,
      info,
      close: () =>
        (closing ??= (async () => {
          await srv.close();
          await engine.dispose();
          await journal.stop();
          if (!endpoint.socket.startsWith('\\\\.\\pipe\\'))
            try {
              unlinkSync(endpoint.socket);
            } catch {
              /* gone already */
            }
          lock.release();
        })()),
    },
  };
}
