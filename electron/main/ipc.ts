import type { IpcMainInvokeEvent } from 'electron';
import { ipcMain } from 'electron';
import type { EventMap, EventName } from '../../shared/contract';
import { isCommandName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { isAppUrl } from './app-protocol';
import type { MainWindow } from './main-window';

/** Where the window's calls go: the engine, in its own process, over the shell's connection. */
export interface IpcBackend {
  call(cmd: string, req: unknown): Promise<Result<unknown>>;
  onAny(fn: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void;
}

/**
 * The renderer's only way into the engine: one invoke channel and one event channel. Every
 * request is checked for where it comes from (the main window's top frame, on app://modvault)
 * and then validated by the engine's router against the contract, like any other transport.
 */
export function connectIpc(backend: IpcBackend, window: MainWindow): () => void {
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const wc = window.webContents;
    const frame = e.senderFrame;
    return (
      wc !== null &&
      e.sender === wc &&
      frame !== null &&
      frame === wc.mainFrame &&
      isAppUrl(frame.url)
    );
  };
  ipcMain.handle('modvault:invoke', async (e, cmd: unknown, req: unknown) => {
    if (!trusted(e))
      return {
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'Requests are accepted from the ModVault window only.',
        },
      };
    if (!isCommandName(cmd))
      return {
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: `Unknown command: ${String(cmd).slice(0, 80)}` },
      };
    try {
      return await backend.call(cmd, req);
    } catch (err) {
      // A request the engine's wire cannot carry (a BigInt, a cycle) never reaches it.
      return { ok: false, error: { code: 'INVALID_INPUT', message: String(err).slice(0, 200) } };
    }
  });
  const off = backend.onAny((name, payload) => {
    window.webContents?.send('modvault:event', name, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler('modvault:invoke');
  };
}
