import type { Transport } from '../../../../shared/client';
import type { ModvaultBridge } from './bridge';
import type { ConnectionStatus } from './ws-transport';
import { WsTransport } from './ws-transport';

export interface SelectedTransport {
  transport: Transport;
  /** True inside the Electron app (features such as launch at login apply). */
  desktop: boolean;
}

/** Electron's preload bridge when present, the browser-mode WebSocket otherwise. */
export function selectTransport(
  bridge: ModvaultBridge | undefined,
  onStatus: (s: ConnectionStatus, reconnected: boolean) => void,
): SelectedTransport {
  if (bridge) {
    onStatus('open', false);
    // The shell restarts its engine process when it dies; it says so, and when it is back.
    let down = false;
    bridge.on('connection.changed', ({ state }) => {
      const reconnected = state === 'connected' && down;
      down = state !== 'connected';
      onStatus(down ? 'reconnecting' : 'open', reconnected);
    });
    return {
      transport: { invoke: (c, r) => bridge.invoke(c, r), on: (e, f) => bridge.on(e, f) },
      desktop: true,
    };
  }
  return { transport: new WsTransport(WsTransport.urlFor(location), onStatus), desktop: false };
}
