import '../engine/platform/heap-tuning-init';
import { app, dialog } from 'electron';
import path from 'node:path';
import { EngineClient } from '../../shared/client';
import type { I18n } from '../../shared/i18n';
import { createI18n, resolveLocale } from '../../shared/i18n';
import { EngineConnection } from '../engine/link/engine-connection';
import { engineEndpoints } from '../engine/link/engine-endpoint';
import type { NotificationAction } from '../engine/notify/notifier';
import { outsideAsar, processAppDirs } from '../engine/platform/app-paths';
import { CrashGuard, logAndStay } from '../engine/platform/crash-guard';
import { FileLogger } from '../engine/platform/file-logger';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { ElectronNotifier } from './electron-notifier';
import { forwardPowerEvents } from './electron-power';
import { EngineProcess } from './engine-process';
import { connectIpc } from './ipc';
import { applyLaunchAtLogin, HIDDEN_FLAG } from './login-item';
import { MainWindow } from './main-window';
import { guardQuit } from './quit-guard';
import { safeStorageCipher } from './safe-storage-secrets';
import { AppTray } from './tray';
import { appIconPath } from './tray-icons';
import type { TrayAction } from './tray-menu';
import { WindowStateStore } from './window-state';

// The desktop shell: one window over the shared renderer, a tray icon, OS notifications and
// power events. The engine runs in its own process (or is the user's running daemon); the
// shell reaches it over the user's local endpoint, like every other front end.

const dirs = processAppDirs();
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
  const logger = FileLogger.open({
    file: path.join(dirs.configDir, 'logs', 'desktop.log'),
    scope: 'shell',
  });
  new CrashGuard().install(logAndStay(logger, 'desktop shell'));
  serveRenderer(path.join(root, 'dist', 'renderer'));

  const engineProcess = new EngineProcess({
    script: outsideAsar(path.join(root, 'dist', 'node', 'engine.mjs')),
    node: app.isPackaged ? null : (process.env.MODVAULT_ENGINE_NODE ?? null),
    env: process.env,
    logger,
  });
  const connection = new EngineConnection({
    endpoints: engineEndpoints(dirs.configDir),
    hello: {
      client: 'desktop',
      origin: 'ipc',
      notifications: true,
      languages: app.getPreferredSystemLanguages(),
    },
    // Remote credentials and passphrases: the engine asks, the shell seals and opens them.
    secrets: safeStorageCipher,
    start: () => engineProcess.start(),
    logger,
  });
  const client = new EngineClient({
    invoke: (cmd, req) => connection.call(cmd, req),
    on: (event, fn) => connection.on(event, fn),
  });
  // The last language in effect, for what the shell says while the engine is away.
  let lastI18n: I18n = createI18n(resolveLocale('system', app.getPreferredSystemLanguages()));
  const i18n = async () =>
    (lastI18n = createI18n(
      resolveLocale(
        (await client.call('settings.get', {})).settings.language,
        app.getPreferredSystemLanguages(),
      ),
    ));

  let quitting = false;
  const sendConnection = () =>
    window.webContents?.send('modvault:event', 'connection.changed', {
      state: connection.state === 'connected' ? 'connected' : 'reconnecting',
      error: null,
    });
  const window = new MainWindow({
    preload: path.join(root, 'dist', 'node', 'preload.cjs'),
    icon,
    state: new WindowStateStore(path.join(dirs.configDir, 'window-state.json'), logger),
    keepInTray: () => !quitting,
    onFirstHide: () =>
      void i18n().then(({ t }) =>
        notifier.notify({
          title: 'ModVault',
          body: t('tray.hidden'),
          route: 'dashboard',
          severity: 'info',
        }),
      ),
    onLoaded: () => {
      if (connection.state !== 'connected') sendConnection();
    },
  });
  const notifier = new ElectronNotifier(window, icon, (action) => runNotificationAction(action));
  connection.onNotify((n) => notifier.notify(n));
  connectIpc(
    { call: (cmd, req) => connection.call(cmd, req), onAny: (fn) => connection.onAny(fn) },
    window,
  );

  const run = (action: TrayAction) => {
    if (action.kind === 'open') return window.show(action.route);
    if (action.kind === 'quit') return app.quit();
    void connection.call(action.cmd, action.req).then((r) => {
      if (!r.ok)
        notifier.notify({
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
    status: () => client.call('app.status', {}),
    run,
  });
  const refreshTray = () => {
    if (quitting) return;
    const shown = connection.state === 'connected' ? tray.refresh() : tray.reconnecting(lastI18n);
    void shown.catch((e: unknown) => logger.warn('tray', { error: String(e) }));
  };
  client.on('status.changed', refreshTray);
  // The setting may also change from `modvault ui` while the app is not running: apply it now too.
  const syncLoginItem = (enabled: boolean) =>
    void applyLaunchAtLogin(enabled, path.dirname(dirs.configDir)).catch((e: unknown) =>
      logger.warn('launch at login', { error: String(e) }),
    );
  client.on('settings.changed', (v) => {
    refreshTray();
    syncLoginItem(v.settings.launchAtLogin);
  });

  const power = forwardPowerEvents(connection);
  let lostEngine: () => void = () => {};
  let engineLost = new Promise<void>((resolve) => (lostEngine = resolve));
  let failureShown = false;
  connection.onState((state, info, error) => {
    sendConnection();
    refreshTray();
    if (state === 'connected') {
      logger.info('engine connected', {
        pid: info?.pid,
        host: info?.host,
        own: connection.ownsEngine,
      });
      power.sync();
      void client.call('settings.get', {}).then(
        (v) => syncLoginItem(v.settings.launchAtLogin),
        () => {},
      );
      return;
    }
    lostEngine();
    engineLost = new Promise<void>((resolve) => (lostEngine = resolve));
    // An engine that cannot run here (a native module built for another runtime) is said once.
    if (error && (error as { code?: string }).code === 'UNSUPPORTED' && !failureShown) {
      failureShown = true;
      const fix = (error as { fix?: string }).fix;
      dialog.showErrorBox(
        lastI18n.t('desktop.engineFailed'),
        fix ? `${error.message}\n\n${fix}` : error.message,
      );
    }
  });
  refreshTray();

  guardQuit({
    client,
    ownsEngine: () => connection.ownsEngine,
    engineLost: () => engineLost,
    i18n,
    onExit: () => {
      quitting = true;
      power.stop();
      tray.destroy();
      window.destroy();
    },
    shutdown: async () => {
      await engineProcess.stop();
      await connection.close();
      await logger.close();
    },
  });
  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  // Closing the window keeps the app in the tray; Quit is in the tray menu.
  app.on('window-all-closed', () => {});

  if (!process.argv.includes(HIDDEN_FLAG)) window.show();
}
