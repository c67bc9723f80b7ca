import type { ConnectionStatus } from '../api/ws-transport';

export class ConnectionState {
  status = $state<ConnectionStatus>('connecting');
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private readonly reconnectHandlers = new Set<() => void>();

  update(status: ConnectionStatus, reconnected: boolean): void {
    this.status = status;
    if (reconnected) for (const fn of this.reconnectHandlers) fn();
  }

  /** Reload what may have changed while the connection was down. */
  onReconnect(fn: () => void): void {
    this.reconnectHandlers.add(fn);
  }
}
