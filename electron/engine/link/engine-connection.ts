import type { EventMap, EventName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { EngineError } from '../errors';
import type { UserNotification } from '../notify/notifier';
import type { Logger } from '../platform/logger';
import type { LoopStats } from '../platform/loop-probe';
import type { PowerEventName } from '../platform/power-events';
import type { EngineEndpoint } from './engine-endpoint';
import { liveHolder } from './engine-lock';
import type { LinkOptions } from './engine-link';
import { EngineLink } from './engine-link';
import type { EngineInfo } from './link-protocol';

type AnyListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/** An engine process this front end started. */
export interface StartedEngine {
  pid: number | null;
  /** Resolves when the process ends: with the reason when it could not run the engine. */
  exited: Promise<Error | null>;
}

export interface EngineConnectionOptions {
  /** Where the user's engine may be (engineEndpoints()). */
  endpoints: EngineEndpoint[];
  hello: LinkOptions['hello'];
  /** The OS keychain this front end answers the engine's secret requests with (the desktop app). */
  secrets?: LinkOptions['secrets'];
  /**
   * Starts an engine when none runs (the desktop app spawns its engine process, `modvault ui`
   * hosts one in-process). Without it, the connection only attaches.
   */
  start?: () => Promise<StartedEngine>;
  logger: Logger;
  /** Waits between attempts after a failure; the last is repeated. */
  backoffMs?: number[];
  /** How long a call waits for the engine while (re)connecting before it fails. */
  callWaitMs?: number;
  /** How long a just-started or just-locked engine may take to listen. */
  startWaitMs?: number;
}

const DEFAULT_BACKOFF = [0, 250, 500, 1000, 2000, 5000, 10000];
/** A connection that lasted this long resets the backoff. */
const STABLE_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A front end's engine, wherever it runs: attaches to the user's running engine, or starts one
 * when there is none, and does so again whenever the engine goes away (stopped, crashed,
 * killed), with backoff. Listeners and calls survive the switch; calls made while no engine
 * is reachable wait for one (up to callWaitMs) and then fail with DISCONNECTED.
 */
export class EngineConnection {
  private link: EngineLink | null = null;
  private closed = false;
  private readonly listeners = new Set<AnyListener>();
  private readonly notifyListeners = new Set<(n: UserNotification) => void>();
  private readonly stateListeners = new Set<
    (state: ConnectionState, info: EngineInfo | null, error: Error | null) => void
  >();
  private waiters: (() => void)[] = [];
  private current: ConnectionState = 'connecting';
  /** Whether the engine behind the current link is one this front end started. */
  private ownEngine = false;
  private readonly loop: Promise<void>;

  constructor(private readonly opts: EngineConnectionOptions) {
    this.loop = this.run();
  }

  get state(): ConnectionState {
    return this.current;
  }

  get engine(): EngineInfo | null {
    return this.link?.engine ?? null;
  }

  /** True when the engine was started by this front end (quitting it stops that engine). */
  get ownsEngine(): boolean {
    return this.link !== null && this.ownEngine;
  }

  onState(
    fn: (state: ConnectionState, info: EngineInfo | null, error: Error | null) => void,
  ): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  onAny(fn: AnyListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  on<E extends EventName>(event: E, fn: (payload: EventMap[E]) => void): () => void {
    return this.onAny((evt: EventName, payload: unknown) => {
      if (evt === event) fn(payload as EventMap[E]);
    });
  }

  onNotify(fn: (n: UserNotification) => void): () => void {
    this.notifyListeners.add(fn);
    return () => this.notifyListeners.delete(fn);
  }

  /** Resolves once connected (or rejects after `ms`). */
  async ready(ms = this.opts.callWaitMs ?? 20_000): Promise<EngineInfo> {
    if (this.link?.isOpen) return this.link.engine;
    await this.waitForLink(ms);
    if (!this.link?.isOpen) throw new EngineError('DISCONNECTED', 'No ModVault engine answered.');
    return this.link.engine;
  }

  async call(cmd: string, req: unknown): Promise<Result<unknown>> {
    if (!this.link?.isOpen) await this.waitForLink(this.opts.callWaitMs ?? 20_000);
    const link = this.link;
    if (!link?.isOpen)
      return {
        ok: false,
        error: {
          code: 'DISCONNECTED',
          message: 'The ModVault engine is not running; it is being restarted.',
        },
      };
    return link.invoke(cmd, req);
  }

  /** The engine's event-loop probe (see EngineLink.probe). */
  probe(op: 'reset' | 'read'): Promise<LoopStats | null> {
    return this.link?.isOpen ? this.link.probe(op) : Promise.resolve(null);
  }

  power(event: PowerEventName, onBattery: boolean): void {
    if (this.link?.isOpen) this.link.power(event, onBattery);
  }

  /** Stops reconnecting and closes the link (the engine itself is the starter's business). */
  async close(): Promise<void> {
    this.closed = true;
    this.link?.close();
    this.wake();
    await this.loop;
  }

  private waitForLink(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private setState(state: ConnectionState, error: Error | null = null): void {
    this.current = state;
    for (const fn of this.stateListeners) fn(state, this.link?.engine ?? null, error);
  }

  private async run(): Promise<void> {
    const backoff = this.opts.backoffMs ?? DEFAULT_BACKOFF;
    let failures = 0;
    while (!this.closed) {
      try {
        const { link, own } = await this.attachOrStart();
        if (this.closed) {
          link.close();
          break;
        }
        this.link = link;
        this.ownEngine = own;
        const offs = [
          link.onAny((evt, payload) => {
            for (const fn of this.listeners) fn(evt, payload);
          }),
          link.onNotify((n) => {
            for (const fn of this.notifyListeners) fn(n);
          }),
        ];
        const since = Date.now();
        this.setState('connected');
        this.wake();
        const why = await link.closed;
        offs.forEach((off) => off());
        if (this.closed) break;
        this.opts.logger.warn('engine connection lost', { reason: why, pid: link.engine.pid });
        this.link = null;
        failures = Date.now() - since > STABLE_MS ? 0 : failures + 1;
        this.setState('reconnecting');
      } catch (e) {
        if (this.closed) break;
        failures++;
        this.opts.logger.warn('engine not reachable', { error: String(e), attempt: failures });
        this.setState('reconnecting', e instanceof Error ? e : new Error(String(e)));
      }
      await sleep(backoff[Math.min(failures, backoff.length - 1)]!);
    }
    this.link = null;
    this.wake();
  }

  /** Connects to the engine holding the lock, starting one first if nobody holds it. */
  private async attachOrStart(): Promise<{ link: EngineLink; own: boolean }> {
    if (liveHolder(this.opts.endpoints)) return { link: await this.connectTo(null), own: false };
    if (!this.opts.start)
      throw new EngineError('DISCONNECTED', 'No ModVault engine is running for this user.', {
        fix: 'Start the desktop app, `modvault ui` or `modvault daemon`.',
      });
    const started = await this.opts.start();
    const link = await this.connectTo(started);
    // It may have lost the race to an engine that started at the same instant.
    return { link, own: started.pid === null || link.engine.pid === started.pid };
  }

  /**
   * Connects to whoever holds the lock, waiting while it is still starting (locked, not yet
   * listening). An engine this front end started may lose the lock race and exit: then the
   * winner is the one to attach to.
   */
  private async connectTo(started: StartedEngine | null): Promise<EngineLink> {
    const deadline = Date.now() + (this.opts.startWaitMs ?? 30_000);
    let exited = false;
    let failure: Error | null = null;
    void started?.exited.then((why) => {
      exited = true;
      failure = why;
    });
    let lastError: unknown = null;
    let delay = 20;
    while (Date.now() < deadline && !this.closed) {
      const holder = liveHolder(this.opts.endpoints)?.holder;
      if (holder) {
        try {
          return await EngineLink.connect({
            socket: holder.socket,
            token: holder.token,
            hello: this.opts.hello,
            secrets: this.opts.secrets,
          });
        } catch (e) {
          lastError = e;
          if (e instanceof EngineError && e.code === 'UNAUTHORIZED') throw e;
        }
      } else if (!started) {
        throw new EngineError('DISCONNECTED', 'The ModVault engine has stopped.', {
          cause: lastError,
        });
      } else if (exited) {
        throw (
          failure ??
          new EngineError('DISCONNECTED', 'The ModVault engine exited while starting.', {
            cause: lastError,
          })
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
    }
    throw new EngineError('TIMEOUT', 'The ModVault engine did not start listening in time.', {
      cause: lastError,
    });
  }
}
