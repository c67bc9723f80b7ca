import { z } from 'zod';
import type { WebSocket } from 'ws';
import type { EventMap, EventName } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { CallId, ServerFrame } from '../../../shared/ws-protocol';
import type { Logger } from '../platform/logger';
import type { EventBus } from './event-bus';
import type { Router } from './router';

const callFrame = z
  .object({
    t: z.literal('call'),
    id: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]),
    cmd: z.string().min(1).max(128),
    req: z.unknown().optional(),
  })
  .strict();

export interface WsSessionLimits {
  /** Calls one socket may have in flight; more are answered with BUSY. */
  maxInFlight: number;
  /** Above this many queued outbound bytes, progress events (superseded by the next) are dropped. */
  softBufferBytes: number;
  /** Above this, the client is not reading at all: the socket is closed. */
  hardBufferBytes: number;
}

export const DEFAULT_WS_LIMITS: WsSessionLimits = {
  maxInFlight: 32,
  softBufferBytes: 4 * 1024 * 1024,
  hardBufferBytes: 64 * 1024 * 1024,
};

/** One browser tab's WebSocket: contract calls in, results and engine events out. */
export class WsSession {
  private inFlight = 0;
  private readonly offEvents: () => void;

  constructor(
    private readonly ws: WebSocket,
    private readonly router: Router,
    events: EventBus,
    private readonly logger: Logger,
    private readonly limits: WsSessionLimits = DEFAULT_WS_LIMITS,
  ) {
    this.offEvents = events.onAny((evt, payload) => this.pushEvent(evt, payload));
    ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary).catch((e: unknown) =>
        this.logger.error('websocket message failed', { error: String(e) }),
      );
    });
    ws.on('close', () => this.offEvents());
    ws.on('error', (e) => {
      this.logger.warn('websocket error', { error: String(e) });
      this.offEvents();
    });
  }

  private async onMessage(data: unknown, isBinary: boolean): Promise<void> {
    if (isBinary)
      return this.sendError('INVALID_INPUT', 'Binary frames are not accepted: send JSON text.');
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return this.sendError('INVALID_INPUT', 'The frame is not valid JSON.');
    }
    const frame = callFrame.safeParse(json);
    if (!frame.success) {
      const id = usableId(json);
      const message = `Malformed frame: expected {t:"call", id, cmd, req} (${z.prettifyError(frame.error)})`;
      if (id === null) return this.sendError('INVALID_INPUT', message);
      return this.sendResult(id, { ok: false, error: { code: 'INVALID_INPUT', message } });
    }
    const { id, cmd, req } = frame.data;
    if (this.inFlight >= this.limits.maxInFlight)
      return this.sendResult(id, {
        ok: false,
        error: {
          code: 'BUSY',
          message: `Too many calls in flight (limit ${this.limits.maxInFlight}).`,
        },
      });
    this.inFlight++;
    try {
      this.sendResult(id, await this.router.call(cmd, req, { origin: 'ws' }));
    } finally {
      this.inFlight--;
    }
  }

  private sendResult(id: CallId, result: Result<unknown>): void {
    this.send({ t: 'result', id, result });
  }

  private sendError(code: AppError['code'], message: string): void {
    this.send({ t: 'error', error: { code, message } });
  }

  private pushEvent<E extends EventName>(evt: E, payload: EventMap[E]): void {
    if (this.ws.bufferedAmount > this.limits.hardBufferBytes) {
      this.logger.warn('websocket client not reading; closing', {
        buffered: this.ws.bufferedAmount,
      });
      this.ws.close(1008, 'Client too slow');
      return;
    }
    if (evt === 'job.progress' && this.ws.bufferedAmount > this.limits.softBufferBytes) return;
    this.send({ t: 'event', evt, payload } as ServerFrame);
  }

  private send(frame: ServerFrame): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (e) {
      this.logger.error('unserializable frame', { error: String(e) });
      if (frame.t !== 'result') return;
      text = JSON.stringify({
        t: 'result',
        id: frame.id,
        result: {
          ok: false,
          error: { code: 'INTERNAL', message: 'The answer could not be encoded.' },
        },
      });
    }
    this.ws.send(text);
  }
}

/** The id of a frame that is otherwise malformed, so the caller's promise can still settle. */
function usableId(json: unknown): CallId | null {
  if (typeof json !== 'object' || json === null) return null;
  const id = (json as { id?: unknown }).id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 64) return id;
  return null;
}
