import { BrowserWindow, session, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { isAllowedExternal } from './external-links';
import { MIN_SIZE } from './window-bounds';
import type { WindowStateStore } from './window-state';

export interface MainWindowOptions {
  preload: string;
  icon: string;
  state: WindowStateStore;
  /** Asked when the window is closed: true keeps the app running in the tray. */
  keepInTray: () => boolean;
  /** Told the first time the window hides into the tray, to say where the app went. */
  onFirstHide: () => void;
  /** Told each time the page has loaded (its listeners are in place). */
  onLoaded?: () => void;
}

/**
 * The one app window: sandboxed, isolated, no Node, no navigation away, no new windows, no
 * permissions. Closing it hides it into the tray; it is created again on demand.
 */
export class MainWindow {
  private win: BrowserWindow | null = null;
  private hiddenOnce = false;

  constructor(private readonly opts: MainWindowOptions) {
    // Nothing in the app needs camera, notifications from the page, geolocation, …
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  }

  get webContents(): Electron.WebContents | null {
    return this.win && !this.win.isDestroyed() ? this.win.webContents : null;
  }

  isFocused(): boolean {
    return (
      this.win !== null && !this.win.isDestroyed() && this.win.isVisible() && this.win.isFocused()
    );
  }

  /** Shows (creating if needed) and focuses the window; optionally opens a page. */
  show(route?: string): void {
    const win = this.win && !this.win.isDestroyed() ? this.win : this.create(route);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (route && win === this.win && !win.webContents.isLoading())
      win.webContents.send('modvault:event', 'ui.navigate', { route });
  }

  private create(route?: string): BrowserWindow {
    const { bounds, maximized } = this.opts.state.initial();
    const win = new BrowserWindow({
      ...bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'ModVault',
      icon: this.opts.icon,
      backgroundColor: '#f6f7f9',
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.opts.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        spellcheck: false,
        navigateOnDragDrop: false,
      },
    });
    if (maximized) win.maximize();
    this.opts.state.track(win);
    const wc = win.webContents;
    wc.setWindowOpenHandler(({ url }) => {
      // Links to the web open in the user's browser, never inside the app; only known sites.
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    wc.on('did-finish-load', () => this.opts.onLoaded?.());
    wc.on('will-navigate', (e) => e.preventDefault());
    wc.on('will-redirect', (e) => e.preventDefault());
    wc.on('will-attach-webview', (e) => e.preventDefault());
    win.once('ready-to-show', () => win.show());
    win.on('close', (e) => {
      if (!this.opts.keepInTray()) return;
      e.preventDefault();
      win.hide();
      if (!this.hiddenOnce) {
        this.hiddenOnce = true;
        this.opts.onFirstHide();
      }
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    void win.loadURL(`${APP_ORIGIN}/index.html${route ? `#/${route}` : ''}`);
    this.win = win;
    return win;
  }

  destroy(): void {
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
    this.win = null;
  }
}
