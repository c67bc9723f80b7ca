import WebSocket from 'ws';
import type { EventMap, EventName } from '../../shared/contract';
import type { Result } from '../../shared/result';

/** A test client speaking browser mode's frames, as the renderer's WsTransport does. */
export class WsClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  readonly events: { evt: EventName; payload: unknown }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as {
        t: string;
        id?: number;
        result?: Result<unknown>;
        evt?: EventName;
        payload?: unknown;
      };
      if (f.t === 'result') this.pending.get(f.id!)?.(f.result!);
      if (f.t === 'event') this.events.push({ evt: f.evt!, payload: f.payload });
    });
  }

  static open(port: number, token: string): Promise<WsClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/${token}/ws`, {
      headers: { Origin: `http://127.0.0.1:${port}` },
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  call(cmd: string, req: unknown = {}): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ t: 'call', id, cmd, req }));
    });
  }

  /** Waits for an event matching `match` (already received or still to come). */
  async waitFor<E extends EventName>(
    evt: E,
    match: (p: EventMap[E]) => boolean,
    timeoutMs = 20_000,
  ): Promise<EventMap[E]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find((e) => e.evt === evt && match(e.payload as EventMap[E]));
      if (hit) return hit.payload as EventMap[E];
      if (Date.now() > deadline) throw new Error(`no ${evt} event within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }
}
