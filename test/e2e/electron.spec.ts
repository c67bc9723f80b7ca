import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './support/test';

// The desktop shell, driven by Playwright's Electron support. Machines without the Electron
// binary (its download host unreachable, ELECTRON_SKIP_BINARY_DOWNLOAD) skip it with a notice.

declare global {
  interface Window {
    modvault?: { invoke(cmd: string, req: unknown): Promise<unknown>; on: unknown };
  }
}

const root = path.resolve(import.meta.dirname, '..', '..');

function electronBinary(): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    const bin = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8'));
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin)
  console.warn(
    '\n  NOTICE: the Electron binary is not installed; the desktop smoke test is skipped.\n' +
      '          Install it with `node node_modules/electron/install.js` to run it.\n',
  );

test.skip(!bin, 'Electron binary not installed (node node_modules/electron/install.js)');

test('desktop app: sandboxed window over app://, dashboard from IPC, bridge limited to invoke/on', async ({
  fx,
}) => {
  const app = await electron.launch({
    executablePath: bin!,
    args: [root],
    env: {
      ...fx.env,
      ELECTRON_DISABLE_SECURITY_WARNINGS: '',
      DISPLAY: process.env.DISPLAY ?? ':0',
    },
  });
  try {
    const win = await app.firstWindow();
    expect(win.url()).toMatch(/^app:\/\/modvault\/index\.html/);
    await expect(win.getByTestId('gomodcache-versions')).toHaveText('8');

    const surface = await win.evaluate(() => ({
      bridge: Object.keys(window.modvault ?? {}).sort(),
      node: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
    }));
    expect(surface).toEqual({ bridge: ['invoke', 'on'], node: 'undefined', require: 'undefined' });

    const refused = await win.evaluate(() => window.modvault!.invoke('fs.rm', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const invalid = await win.evaluate(() =>
      window.modvault!.invoke('settings.update', { quarantineRetentionDays: 'soon' }),
    );
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // Navigation away and new windows are denied.
    await win.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toMatch(/^app:\/\/modvault\//);
    await win.evaluate(() => window.open('https://example.com/'));
    await win.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);

    // Closing the window keeps the app in the tray.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    const visible = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.isVisible(),
    );
    expect(visible).toBe(false);
  } finally {
    await app.evaluate(({ app }) => app.exit(0)).catch(() => {});
    await app.close().catch(() => {});
  }
});
