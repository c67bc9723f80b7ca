import { app, BrowserWindow, ipcMain } from 'electron';
import { fileURLToPath } from 'node:url';
import { compose } from '../engine/compose';

// Minimal shell: one window over the shared renderer, the engine behind the contract channel.

const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

if (!app.requestSingleInstanceLock()) app.quit();

const engine = compose({
  origin: 'ipc',
  workerScript: fileURLToPath(new URL('./worker.mjs', import.meta.url)),
});
let win: BrowserWindow | null = null;

function createWindow(): void {
  win = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'ModVault',
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  void win.loadFile(rendererIndex);
}

ipcMain.handle('modvault:invoke', (event, cmd: unknown, req: unknown) => {
  if (!win || event.sender !== win.webContents)
    return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Unknown sender.' } };
  return engine.router.call(cmd, req, { origin: 'ipc' });
});
engine.events.onAny((name, payload) => win?.webContents.send('modvault:event', name, payload));

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void engine.dispose());
void app.whenReady().then(createWindow);
