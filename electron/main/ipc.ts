import type { IpcMainInvokeEvent } from 'electron';
import { ipcMain } from 'electron';
import type { Engine } from '../engine/compose';
import { isAppUrl } from './app-protocol';
import type { MainWindow } from './main-window';

/**
 * The renderer's only way into the engine: one invoke channel and one event channel. Every
 * request is checked for where it comes from (the main window's top frame, on app://modvault)
 * and then validated by the router against the contract, like any other transport.
 */
export function connectIpc(engine: Engine, window: MainWindow): () => void {
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
  ipcMain.handle('modvault:invoke', (e, cmd: unknown, req: unknown) => {
    if (!trusted(e))
      return {
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'Requests are accepted from the ModVault window only.',
        },
      };
    return engine.router.call(cmd, req, { origin: 'ipc' });
  });
  const off = engine.events.onAny((name, payload) => {
    window.webContents?.send('modvault:event', name, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler('modvault:invoke');
  };
}
