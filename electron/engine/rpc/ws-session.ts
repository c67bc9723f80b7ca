import type { WebSocket } from 'ws';
import type { Logger } from '../platform/logger';
import type { RpcBackend, RpcSessionLimits } from './rpc-session';
import { RpcSession } from './rpc-session';

/** One browser tab's WebSocket: contract calls in, results and engine events out. */
export class WsSession {
  constructor(ws: WebSocket, backend: RpcBackend, logger: Logger, limits?: RpcSessionLimits) {
    const session = new RpcSession(
      {
        send: (text) => ws.send(text),
        get buffered() {
          return ws.bufferedAmount;
        },
        get open() {
          return ws.readyState === ws.OPEN;
        },
        close: (reason) => ws.close(1008, reason),
      },
      backend,
      { origin: 'ws', logger, limits },
    );
    ws.on('message', (data, isBinary) => void session.receive(String(data), isBinary));
    ws.on('close', () => session.dispose());
    ws.on('error', (e) => {
      logger.warn('websocket error', { error: String(e) });
      session.dispose();
    });
  }
}
