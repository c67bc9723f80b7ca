import { timingSafeEqual } from 'node:crypto';
import { chmodSync, unlinkSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { z } from 'zod';
import { errnoCode } from '../errors';
import type { UserNotification } from '../notify/notifier';
import type { Logger } from '../platform/logger';
import type { PowerEventName } from '../platform/power-events';
import { LineChannel } from '../link/line-channel';
import type { EngineInfo, FrontEnd } from '../link/link-protocol';
import type { SecretRequest } from '../link/secret-protocol';
import {
  HELLO_TIMEOUT_MS,
  helloFrame,
  MAX_LINK_CLIENT_LINE,
  powerFrame,
  probeFrame,
} from '../link/link-protocol';
import type { LoopProbe } from '../platform/loop-probe';
import type { RpcBackend } from '../rpc/rpc-session';
import { RpcSession } from '../rpc/rpc-session';
import type { ShellCipher } from './shell-cipher';

export interface EngineServerOptions {
  socket: string;
  token: string;
  info: EngineInfo;
  backend: RpcBackend;
  logger: Logger;
  /** Power events a front end forwards (the desktop app's powerMonitor). */
  onPower(event: PowerEventName, onBattery: boolean): void;
  maxClients?: number;
  /** The event-loop probe, when the benchmark asked for one. */
  probe?: LoopProbe | null;
  /** Where the front ends that keep secrets (the desktop app) are attached and answer. */
  secrets?: ShellCipher;
}

interface Client {
  channel: LineChannel;
  kind: FrontEnd;
  notifications: boolean;
  languages: string[] | null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The engine's local endpoint: every front end (the desktop shell, `modvault ui`) connects
 * here. A connection must open with the handshake carrying the token from the lock file;
 * then it speaks browser mode's frames, validated by the same router.
 */
export class EngineServer {
  private readonly server: Server;
  private readonly clients = new Set<Client>();

  constructor(private readonly opts: EngineServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Listens on the socket. The caller holds the engine lock, so a socket file left there is stale. */
  listen(): Promise<void> {
    const { socket } = this.opts;
    const isPipe = socket.startsWith('\\\\.\\pipe\\');
    if (!isPipe) {
      try {
        unlinkSync(socket);
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw e;
      }
    }
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socket, () => {
        this.server.off('error', reject);
        // The folder is private already; the socket itself is too.
        if (!isPipe) chmodSync(socket, 0o600);
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    if (this.clients.size >= (this.opts.maxClients ?? 16)) return void socket.destroy();
    let client: Client | null = null;
    let session: RpcSession | null = null;
    let detachSecrets: (() => void) | null = null;
    const timer = setTimeout(() => channel.close('no handshake'), HELLO_TIMEOUT_MS);
    const refuse = (message: string) => {
      channel.sendJson({ t: 'refused', error: { code: 'UNAUTHORIZED', message } });
      channel.close(message);
    };
    const channel: LineChannel = new LineChannel(
      socket,
      MAX_LINK_CLIENT_LINE,
      (line) => {
        if (session) {
          session
            .receive(line)
            .catch((e: unknown) =>
              this.opts.logger.error('link message failed', { error: String(e) }),
            );
          return;
        }
        clearTimeout(timer);
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          return refuse('The handshake is not JSON.');
        }
        const hello = helloFrame.safeParse(json);
        if (!hello.success) return refuse(`Bad handshake: ${z.prettifyError(hello.error)}`);
        if (!sameSecret(hello.data.token, this.opts.token)) return refuse('Wrong token.');
        client = {
          channel,
          kind: hello.data.client,
          notifications: hello.data.notifications,
          languages: hello.data.languages ?? null,
        };
        this.clients.add(client);
        const peer = { send: (f: SecretRequest) => channel.sendJson(f) };
        if (hello.data.secrets && this.opts.secrets) detachSecrets = this.opts.secrets.attach(peer);
        this.opts.logger.info('front end attached', {
          client: client.kind,
          secrets: hello.data.secrets,
        });
        channel.sendJson({ t: 'welcome', engine: this.opts.info });
        session = new RpcSession(channel, this.opts.backend, {
          origin: hello.data.origin === 'cli' ? 'cli' : hello.data.origin,
          logger: this.opts.logger,
          extra: (frame) => {
            if (frame.t === 'probe') {
              const p = probeFrame.safeParse(frame);
              if (p.success && p.data.op === 'reset') this.opts.probe?.reset();
              channel.sendJson({ t: 'probe', stats: this.opts.probe?.read() ?? null });
              return true;
            }
            if (frame.t === 'secret-reply') {
              if (detachSecrets) this.opts.secrets?.receive(peer, frame);
              return true;
            }
            if (frame.t !== 'power') return false;
            const p = powerFrame.safeParse(frame);
            if (p.success) this.opts.onPower(p.data.event, p.data.onBattery);
            return true;
          },
        });
      },
      (reason) => {
        clearTimeout(timer);
        session?.dispose();
        detachSecrets?.();
        if (client) {
          this.clients.delete(client);
          this.opts.logger.info('front end detached', { client: client.kind, reason });
        }
      },
    );
  }

  /** Shows a notification through the front ends that show them; false when none is attached. */
  notify(n: UserNotification): boolean {
    let shown = false;
    for (const c of this.clients) {
      if (!c.notifications) continue;
      c.channel.sendJson({ t: 'notify', notification: n });
      shown = true;
    }
    return shown;
  }

  /** The OS languages the desktop app reported, for notifications in the 'system' language. */
  languages(): string[] | null {
    for (const c of this.clients) if (c.languages) return c.languages;
    return null;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.channel.close('the engine is stopping');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
