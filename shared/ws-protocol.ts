import type { EventMap, EventName } from './contract';
import type { AppError } from './errors';
import type { Result } from './result';

// Browser mode's wire format: one WebSocket, JSON text frames. Calls carry an id chosen by the
// client; the result comes back with the same id. Events are pushed to every connected client.

export type CallId = number | string;

export interface CallFrame {
  t: 'call';
  id: CallId;
  cmd: string;
  req: unknown;
}

export type ServerFrame =
  | { t: 'result'; id: CallId; result: Result<unknown> }
  | { [E in EventName]: { t: 'event'; evt: E; payload: EventMap[E] } }[EventName]
  /** A frame that could not be answered as a result (not JSON, no id): the socket stays open. */
  | { t: 'error'; error: AppError };

/** Largest frame a client may send: requests are small; anything bigger is refused. */
export const MAX_CLIENT_FRAME_BYTES = 256 * 1024;

/** The WebSocket endpoint, relative to the page (which lives under /<token>/). */
export const WS_PATH = 'ws';
