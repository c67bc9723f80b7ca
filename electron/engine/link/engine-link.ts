import { connect } from 'node:net';
import type { EventMap, EventName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { EngineError, errnoCode } from '../errors';
import type { UserNotification } from '../notify/notifier';
import type { LoopStats } from '../platform/loop-probe';
import type { PowerEventName } from '../platform/power-events';
import { LineChannel } from './line-channel';
import type { EngineInfo, HelloFrame, LinkServerFrame } from './link-protocol';
import { HELLO_TIMEOUT_MS, LINK_VERSION, MAX_LINK_SERVER_LINE } from './link-protocol';
import type { KeychainCipher } from './secret-protocol';
import { answerSecretRequest } from './secret-protocol';

type AnyListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface LinkOptions {
  socket: string;
  token: string;
  hello: Omit<HelloFrame, 't' | 'v' | 'token' | 'secrets'>;
  /** The OS keychain, for a front end that keeps the engine's secrets (the desktop shell). */
  secrets?: KeychainCipher | null;
}

const lost = (why: string): Result<unknown> => ({
  ok: false,
  error: {
    code: 'DISCONNECTED',
    message: `The connection to the ModVault engine was lost (${why}).`,
  },
});

/**
 * A front end's connection to the engine over the local socket. Calls in flight when it drops
 * settle with DISCONNECTED; `closed` resolves with the reason.
 */
export class EngineLink {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Set<AnyListener>();
  private readonly notifyListeners = new Set<(n: UserNotification) => void>();
  private endReason: string | null = null;
  private probeWaiters: ((stats: LoopStats | null) => void)[] = [];
  readonly closed: Promise<string>;
  private resolveClosed!: (why: string) => void;

  private constructor(
    private readonly channel: LineChannel,
    readonly engine: EngineInfo,
    private readonly secrets: KeychainCipher | null,
  ) {
    this.closed = new Promise((r) => (this.resolveClosed = r));
  }

  /** Connects and completes the handshake; fails with the socket's errno code or the refusal. */
  static connect(opts: LinkOptions): Promise<EngineLink> {
    return new Promise((resolve, reject) => {
      const socket = connect(opts.socket);
      let link: EngineLink | null = null;
      let lastError: unknown = null;
      socket.on('error', (e) => (lastError = e));
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new EngineError('TIMEOUT', 'The ModVault engine did not answer the handshake.'));
      }, HELLO_TIMEOUT_MS);
      const channel = new LineChannel(
        socket,
        MAX_LINK_SERVER_LINE,
        (line) => {
          let frame: LinkServerFrame;
          try {
            frame = JSON.parse(line) as LinkServerFrame;
          } catch {
            return;
          }
          if (link) return link.onFrame(frame);
          clearTimeout(timer);
          if (frame.t === 'welcome') {
            link = new EngineLink(channel, frame.engine, opts.secrets ?? null);
            resolve(link);
          } else {
            channel.close('refused');
            const error = frame.t === 'refused' ? frame.error : null;
            reject(
              new EngineError(
                error?.code ?? 'UNAUTHORIZED',
                error?.message ?? 'The engine refused the connection.',
              ),
            );
          }
        },
        (reason) => {
          clearTimeout(timer);
          if (link) return link.onClose(reason);
          reject(
            Object.assign(new EngineError('DISCONNECTED', `Cannot reach the engine: ${reason}`), {
              errno: errnoCode(lastError) ?? null,
            }),
          );
        },
      );
      socket.once('connect', () =>
        channel.sendJson({
          t: 'hello',
          v: LINK_VERSION,
          token: opts.token,
          ...opts.hello,
          secrets: Boolean(opts.secrets),
        }),
      );
    });
  }

  private onFrame(frame: LinkServerFrame): void {
    if (frame.t === 'result') {
      const settle = this.pending.get(frame.id as number);
      this.pending.delete(frame.id as number);
      settle?.(frame.result);
    } else if (frame.t === 'event') {
      for (const fn of this.listeners) {
        try {
          fn(frame.evt, frame.payload as never);
        } catch {
          /* a listener's failure is its own */
        }
      }
    } else if (frame.t === 'notify') {
      for (const fn of this.notifyListeners) fn(frame.notification);
    } else if (frame.t === 'probe') {
      this.probeWaiters.shift()?.(frame.stats);
    } else if (frame.t === 'secret') {
      // The engine asks the OS keychain, through this front end, to seal or open a secret.
      const reply = answerSecretRequest(this.secrets, frame);
      if (reply) this.channel.sendJson(reply);
    }
  }

  private onClose(reason: string): void {
    this.endReason = reason;
    for (const settle of this.pending.values()) settle(lost(reason));
    this.pending.clear();
    this.resolveClosed(reason);
  }

  get isOpen(): boolean {
    return this.endReason === null;
  }

  invoke(cmd: string, req: unknown): Promise<Result<unknown>> {
    if (this.endReason !== null) return Promise.resolve(lost(this.endReason));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.channel.sendJson({ t: 'call', id, cmd, req });
    });
  }

  onAny(fn: AnyListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onNotify(fn: (n: UserNotification) => void): () => void {
    this.notifyListeners.add(fn);
    return () => this.notifyListeners.delete(fn);
  }

  power(event: PowerEventName, onBattery: boolean): void {
    this.channel.sendJson({ t: 'power', event, onBattery });
  }

  /** The engine's event-loop delay since the last reset (null unless MODVAULT_LOOP_PROBE=1). */
  probe(op: 'reset' | 'read'): Promise<LoopStats | null> {
    return new Promise((resolve) => {
      this.probeWaiters.push(resolve);
      this.channel.sendJson({ t: 'probe', op });
    });
  }

  close(): void {
    this.channel.close('closed by the front end');
  }
}
