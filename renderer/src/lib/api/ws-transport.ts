import type { Transport } from '../../../../shared/client';
import type { EventMap, EventName } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import type { CallId, CallFrame, ServerFrame } from '../../../../shared/ws-protocol';
import { WS_PATH } from '../../../../shared/ws-protocol';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'gone';

const RETRY_MS = [250, 500, 1000, 2000, 4000];
/** After this many failed reconnects in a row the server is probably gone (stopped, new token). */
const GONE_AFTER = 6;

/**
 * Browser mode's transport: one WebSocket beside the page (under the same /<token>/ path).
 * Calls made while (re)connecting wait for the socket; calls in flight when it drops settle with
 * a DISCONNECTED error so nothing hangs.
 */
export class WsTransport implements Transport {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private failures = 0;
  private readonly pending = new Map<CallId, (r: Result<unknown>) => void>();
  private readonly queue: CallFrame[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  constructor(
    private readonly url: string,
    private readonly onStatus: (s: ConnectionStatus, reconnected: boolean) => void,
  ) {
    this.connect(false);
  }

  /** ws://host:port/<token>/ws for a page at http://host:port/<token>/. */
  static urlFor(location: Location): string {
    const base = new URL('.', location.href);
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    base.hash = '';
    base.search = '';
    return new URL(WS_PATH, base).href;
  }

  private connect(reconnecting: boolean): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.failures = 0;
      this.onStatus('open', reconnecting);
      for (const frame of this.queue.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (e) => this.onFrame(e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const settle of this.pending.values())
        settle({
          ok: false,
          error: { code: 'DISCONNECTED', message: 'The connection to ModVault was lost.' },
        });
      this.pending.clear();
      this.queue.length = 0;
      this.failures++;
      this.onStatus(this.failures >= GONE_AFTER ? 'gone' : 'reconnecting', false);
      const wait = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]!;
      setTimeout(() => this.connect(true), wait);
    };
  }

  private onFrame(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'result') {
      const settle = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      settle?.(frame.result);
    } else if (frame.t === 'event') {
      for (const fn of this.listeners.get(frame.evt) ?? []) fn(frame.payload);
    } else {
      console.warn('ModVault:', frame.error.message);
    }
  }

  invoke(cmd: string, req: unknown): Promise<Result<unknown>> {
    const frame: CallFrame = { t: 'call', id: this.nextId++, cmd, req };
    return new Promise((resolve) => {
      this.pending.set(frame.id, resolve);
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
      else this.queue.push(frame);
    });
  }

  on<E extends EventName>(event: E, fn: (payload: EventMap[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const f = fn as (payload: unknown) => void;
    set.add(f);
    return () => set.delete(f);
  }
}
