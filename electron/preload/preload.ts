import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_NAMES, EVENT_NAMES } from '../../shared/contract';
import type { EventName } from '../../shared/contract';

// The renderer gets exactly two functions: invoke a contract command, subscribe to an event.
// Anything else (a command or event outside the contract) is refused here, and main validates
// every request again.

const commands = new Set<string>(COMMAND_NAMES);
const events = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('modvault', {
  invoke(cmd: unknown, req: unknown) {
    if (typeof cmd !== 'string' || !commands.has(cmd))
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: `Unknown command: ${String(cmd).slice(0, 80)}` },
      });
    return ipcRenderer.invoke('modvault:invoke', cmd, req);
  },
  on(event: EventName, fn: (payload: unknown) => void) {
    if (!events.has(event)) throw new Error(`Unknown event: ${String(event).slice(0, 80)}`);
    if (typeof fn !== 'function') throw new Error('on() needs a listener function');
    const listener = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) fn(payload);
    };
    ipcRenderer.on('modvault:event', listener);
    return () => ipcRenderer.removeListener('modvault:event', listener);
  },
});
