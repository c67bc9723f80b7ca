import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_CLIENT_FRAME_BYTES, WS_PATH } from '../../../shared/ws-protocol';
import { EngineError, errnoCode } from '../errors';
import type { Logger } from '../platform/logger';
import type { GuardConfig, RequestFacts } from './request-guard';
import { guardRequest } from './request-guard';
import type { RpcBackend } from './rpc-session';
import { securityHeaders } from './security-headers';
import { StaticFiles } from './static-files';
import { WsSession } from './ws-session';

export interface UiServerOptions {
  /** The engine: in this process, or the running one this server attached to. */
  backend: RpcBackend;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  /** For tests; a fresh 256-bit token otherwise. */
  token?: string;
  maxClients?: number;
}

/** Only this address: the UI must never be reachable from another machine. */
const HOST = '127.0.0.1';

/**
 * Browser mode: the renderer over HTTP and the contract over one WebSocket, on 127.0.0.1 only,
 * behind a per-run token and Host/Origin checks (see request-guard.ts).
 */
export class UiServer {
  private readonly token: string;
  private readonly files: StaticFiles;
  private readonly http = createServer((req, res) => void this.onRequest(req, res));
  private readonly wss: WebSocketServer;
  private port = 0;

  constructor(private readonly opts: UiServerOptions) {
    if (!existsSync(path.join(opts.rendererDir, 'index.html')))
      throw new EngineError(
        'PATH_INVALID',
        `The UI is not built: ${opts.rendererDir}/index.html is missing.`,
        {
          path: opts.rendererDir,
          fix: 'Run `npm run build` in the ModVault checkout.',
        },
      );
    this.token = opts.token ?? randomBytes(32).toString('base64url');
    this.files = new StaticFiles(opts.rendererDir);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.http.on('clientError', (_e, socket) => socket.destroy());
  }

  /** Starts listening; resolves with the URL to open (it contains the token). */
  listen(): Promise<{ url: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (e: unknown) => {
        const code = errnoCode(e);
        reject(
          code === 'EADDRINUSE' || code === 'EACCES'
            ? new EngineError(
                'BUSY',
                `Port ${this.opts.port} on ${HOST} is ${code === 'EACCES' ? 'not allowed' : 'already in use'}.`,
                {
                  fix: 'Choose another port with --port N, or --port 0 for any free port.',
                  cause: e,
                },
              )
            : e,
        );
      };
      this.http.once('error', onError);
      this.http.listen(this.opts.port, HOST, () => {
        this.http.off('error', onError);
        this.port = (this.http.address() as AddressInfo).port;
        resolve({ url: `http://${HOST}:${this.port}/${this.token}/`, port: this.port });
      });
    });
  }

  private config(): GuardConfig {
    return { token: this.token, port: this.port };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = guardRequest(facts(req), this.config(), 'http');
    if (!verdict.ok) return plain(res, verdict.status, verdict.reason);
    if (verdict.rest === '') {
      // /<token> → /<token>/ so the page's relative asset URLs resolve under the token.
      res.writeHead(308, { Location: `/${this.token}/`, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    try {
      const file = await this.files.get(verdict.rest);
      if (!file) return plain(res, 404, 'Not found');
      res.writeHead(200, {
        ...securityHeaders([`ws://${String(req.headers.host).toLowerCase()}`]),
        'Content-Type': file.contentType,
        'Content-Length': file.body.length,
        'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch (e) {
      this.opts.logger.error('static file failed', { error: String(e) });
      plain(res, 500, 'Internal error');
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = guardRequest(facts(req), this.config(), 'websocket');
    const refuse = (status: number, reason: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Forbidden'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`,
      );
    };
    if (!verdict.ok) return refuse(403, verdict.reason);
    if (verdict.rest !== `/${WS_PATH}`) return refuse(404, 'Not found');
    if (this.wss.clients.size >= (this.opts.maxClients ?? 16))
      return refuse(403, 'Too many connections');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      new WsSession(ws, this.opts.backend, this.opts.logger);
    });
  }

  /**
   * Closes the tabs' WebSockets so they reconnect and reload what they show (the engine behind
   * this server changed: the one it was attached to stopped and another took over).
   */
  dropClients(): void {
    for (const ws of this.wss.clients) ws.close(1012, 'The ModVault engine restarted');
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.close(1001, 'ModVault is shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function facts(req: IncomingMessage): RequestFacts {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    host: one(req.headers.host),
    origin: one(req.headers.origin),
    secFetchSite: one(req.headers['sec-fetch-site']),
  };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(`${text}\n`);
}
