import { z } from 'zod';
import type { EventMap, EventName } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { CallId, ServerFrame } from '../../../shared/ws-protocol';
import type { Logger } from '../platform/logger';
import type { EventBus } from './event-bus';
import type { CallContext, Router } from './router';

const callFrame = z
  .object({
    t: z.literal('call'),
    id: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]),
    cmd: z.string().min(1).max(128),
    req: z.unknown().optional(),
  })
  .strict();

type AnyListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * What a session talks to: the engine in this process (router + event bus) or, for a front end
 * attached to an engine in another process, that engine's link.
 */
export interface RpcBackend {
  call(cmd: unknown, req: unknown, ctx: CallContext): Promise<Result<unknown>>;
  onAny(fn: AnyListener): () => void;
}

export function localBackend(router: Router, events: EventBus): RpcBackend {
  return { call: (cmd, req, ctx) => router.call(cmd, req, ctx), onAny: (fn) => events.onAny(fn) };
}

/** A text-frame connection: a WebSocket, or one line of the engine's local socket. */
export interface FrameChannel {
  send(text: string): void;
  /** Bytes queued for the peer and not yet written. */
  readonly buffered: number;
  readonly open: boolean;
  close(reason: string): void;
}

export interface RpcSessionLimits {
  /** Calls one connection may have in flight; more are answered with BUSY. */
  maxInFlight: number;
  /** Above this many queued outbound bytes, progress events (superseded by the next) are dropped. */
  softBufferBytes: number;
  /** Above this, the client is not reading at all: the connection is closed. */
  hardBufferBytes: number;
}

export const DEFAULT_RPC_LIMITS: RpcSessionLimits = {
  maxInFlight: 32,
  softBufferBytes: 4 * 1024 * 1024,
  hardBufferBytes: 64 * 1024 * 1024,
};

export interface RpcSessionOptions {
  origin: CallContext['origin'];
  logger: Logger;
  limits?: RpcSessionLimits;
  /** Frames other than calls (the local socket's power events); true when handled. */
  extra?: (frame: { t: string }) => boolean;
}

/** One client connection: contract calls in, results and engine events out. */
export class RpcSession {
  private inFlight = 0;
  private readonly offEvents: () => void;
  private readonly limits: RpcSessionLimits;

  constructor(
    private readonly channel: FrameChannel,
    private readonly backend: RpcBackend,
    private readonly opts: RpcSessionOptions,
  ) {
    this.limits = opts.limits ?? DEFAULT_RPC_LIMITS;
    this.offEvents = backend.onAny((evt, payload) => this.pushEvent(evt, payload));
  }

  /** Stops forwarding events (the connection closed). */
  dispose(): void {
    this.offEvents();
  }

  async receive(data: string, isBinary = false): Promise<void> {
    if (isBinary)
      return this.sendError('INVALID_INPUT', 'Binary frames are not accepted: send JSON text.');
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.sendError('INVALID_INPUT', 'The frame is not valid JSON.');
    }
    const t = (json as { t?: unknown } | null)?.t;
    if (typeof t === 'string' && t !== 'call' && this.opts.extra?.(json as { t: string })) return;
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
      this.sendResult(id, await this.backend.call(cmd, req, { origin: this.opts.origin }));
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
    if (this.channel.buffered > this.limits.hardBufferBytes) {
      this.opts.logger.warn('client not reading; closing', { buffered: this.channel.buffered });
      this.channel.close('Client too slow');
      return;
    }
    if (evt === 'job.progress' && this.channel.buffered > this.limits.softBufferBytes) return;
    this.send({ t: 'event', evt, payload } as ServerFrame);
  }

  private send(frame: ServerFrame): void {
    if (!this.channel.open) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (e) {
      this.opts.logger.error('unserializable frame', { error: String(e) });
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
    this.channel.send(text);
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
