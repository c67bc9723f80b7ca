import '../engine/platform/heap-tuning-init';
import { app } from 'electron';
import { homedir } from 'node:os';
import path from 'node:path';
import { createI18n, resolveLocale } from '../../shared/i18n';
import { compose } from '../engine/compose';
import type { NotificationAction } from '../engine/notify/notifier';
import { appDirs } from '../engine/platform/app-paths';
import { fileSink, JsonLogger } from '../engine/platform/logger';
import { goosOf } from '../engine/toolchain/go-defaults';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { ElectronNotifier } from './electron-notifier';
import { electronPowerEvents } from './electron-power';
import { connectIpc } from './ipc';
import { applyLaunchAtLogin, HIDDEN_FLAG } from './login-item';
import { MainWindow } from './main-window';
import { guardQuit } from './quit-guard';
import { AppTray } from './tray';
import { appIconPath } from './tray-icons';
import type { TrayAction } from './tray-menu';
import { WindowStateStore } from './window-state';
import { safeStorageCipher } from './safe-storage-secrets';

// The desktop shell: one window over the shared renderer, a tray icon, OS notifications and
// power events, all adapted to the engine's ports. The engine itself never imports Electron.

const dirs = appDirs({
  goos: goosOf(process.platform),
  env: process.env,
  home: homedir(),
  path: process.platform === 'win32' ? path.win32 : path.posix,
});
// Chromium's own profile lives beside ModVault's settings, not in a second app folder.
app.setName('ModVault');
app.setPath('userData', path.join(dirs.configDir, 'electron'));
registerAppScheme();

if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

function start(): void {
  const root = app.getAppPath();
  const resources = path.join(root, 'resources');
  const icon = appIconPath(resources, process.platform);
  const logger = new JsonLogger([fileSink(path.join(dirs.configDir, 'logs', 'desktop.log'))]);
  serveRenderer(path.join(root, 'dist', 'renderer'));

  let notifier: ElectronNotifier | null = null;
  const engine = compose({
    origin: 'ipc',
    // Packaged, worker threads cannot start from inside app.asar (see electron-builder.yml).
    workerScript: path
      .join(root, 'dist', 'node', 'worker.mjs')
      .replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked'),
    logger,
    notifier: { notify: (n) => notifier?.notify(n) },
    power: electronPowerEvents,
    preferredLanguages: () => app.getPreferredSystemLanguages(),
    storeStatus: true,
    secretCipher: safeStorageCipher,
  });
  const i18n = async () =>
    createI18n(
      resolveLocale((await engine.settings.get()).language, app.getPreferredSystemLanguages()),
    );

  let quitting = false;
  const window = new MainWindow({
    preload: path.join(root, 'dist', 'node', 'preload.cjs'),
    icon,
    state: new WindowStateStore(path.join(dirs.configDir, 'window-state.json'), logger),
    keepInTray: () => !quitting,
    onFirstHide: () =>
      void i18n().then(({ t }) =>
        notifier?.notify({
          title: 'ModVault',
          body: t('tray.hidden'),
          route: 'dashboard',
          severity: 'info',
        }),
      ),
  });
  notifier = new ElectronNotifier(window, icon, (action) => runNotificationAction(action));
  connectIpc(engine, window);

  const run = (action: TrayAction) => {
    if (action.kind === 'open') return window.show(action.route);
    if (action.kind === 'quit') return app.quit();
    void engine.router.call(action.cmd, action.req, { origin: 'ipc' }).then((r) => {
      if (!r.ok)
        notifier?.notify({
          title: 'ModVault',
          body: r.error.message,
          route: 'activity',
          severity: 'error',
        });
    });
  };
  // "Restore" on a cache-lost notification: a quick restore of the snapshot holding what was
  // lost; its progress shows on the Activity page.
  const runNotificationAction = (action: NotificationAction) => {
    if (action.kind !== 'restore') return;
    run({
      kind: 'command',
      cmd: 'restore.run',
      req: { mode: action.mode, snapshot: action.snapshot },
    });
    window.show('activity');
  };
  const tray = new AppTray({
    resourcesDir: resources,
    i18n,
    status: () => engine.status.status(),
    run,
  });
  const refreshTray = () =>
    void tray.refresh().catch((e: unknown) => logger.warn('tray', { error: String(e) }));
  engine.events.on('status.changed', refreshTray);
  // The setting may also change from `modvault ui` while the app is not running: apply it now too.
  const syncLoginItem = (enabled: boolean) =>
    void applyLaunchAtLogin(enabled, path.dirname(dirs.configDir)).catch((e: unknown) =>
      logger.warn('launch at login', { error: String(e) }),
    );
  engine.events.on('settings.changed', (v) => {
    refreshTray();
    syncLoginItem(v.settings.launchAtLogin);
  });
  void engine.settings.get().then((s) => syncLoginItem(s.launchAtLogin));
  refreshTray();

  guardQuit(engine, i18n, () => {
    quitting = true;
    tray.destroy();
    window.destroy();
  });
  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  // Closing the window keeps the app in the tray; Quit is in the tray menu.
  app.on('window-all-closed', () => {});

  if (!process.argv.includes(HIDDEN_FLAG)) window.show();
  // The tray shows the cache's health from the start, and the dashboard opens on this scan.
  void engine.client.call('cache.scan', {}).catch(() => {});
  void engine.startBackground();
}
