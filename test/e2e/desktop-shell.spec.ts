import { DesktopApp, eventually } from '../helpers/electron-double/harness';
import { expect, test } from './support/test';

// The desktop shell without the Electron binary: the real electron/main code, run under Node
// against the Electron TEST DOUBLE (test/helpers/electron-double), with the real renderer in
// Chromium, the real preload bridged to ipcMain, and the engine in a real child process.

test.describe.configure({ mode: 'serial' });

test('starts to a usable dashboard, the engine in its own process', async ({ fx }) => {
  const app = await DesktopApp.launch({ env: fx.env });
  try {
    const page = await app.page();
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
    const [engine] = await app.utilityPids();
    expect(engine).toBeGreaterThan(0);
    expect(engine).not.toBe(app.pid);
    const tray = await eventually(() => app.tray(), 30_000, 'a tray icon');
    expect(tray.tooltip).toMatch(/^ModVault\n/);
  } finally {
    await app.close();
  }
});
