// A TEST DOUBLE of the Electron API, for running the real electron/main and electron/preload
// code under plain Node where no Electron binary exists. Only what the shell uses is here;
// each piece is declared against Electron's own electron.d.ts (`satisfies` / `implements`), so
// a change in Electron's API or in what the shell calls is a compile error, not a silent drift.
// Windows are real Chromium pages (Playwright) showing the real renderer; the real preload runs
// here in Node and its contextBridge API is bridged into the page; tray, menus, notifications
// and dialogs are recorded as data (machine.ts); utilityProcess is a real child process.
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer as createNetServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import type * as ElectronModule from 'electron';
import { CHROMIUM_ARGS } from '../chromium';
import type { RecordedMenuItem } from './machine';
import { ElectronMachine } from './machine';

const machine = () => ElectronMachine.current();

/** Electron's preventable event object, as passed to before-quit, close, will-navigate. */
function preventable(): { defaultPrevented: boolean; preventDefault(): void } {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
}

// ---------------------------------------------------------------------------------------------
// app

const paths = new Map<string, string>();
let appName = 'Electron';
let ready = false;
let quitting = false;

/** The single-instance lock, across processes as Electron does it: a lock file + a socket. */
class SingleInstance {
  private server: ReturnType<typeof createNetServer> | null = null;
  pendingNotify: Promise<void> = Promise.resolve();

  request(): boolean {
    const dir = paths.get('userData')!;
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'SingletonLock');
    const socket = path.join(dir, 'SingletonSocket');
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const pid = Number(readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        /* stale */
      }
      if (alive) {
        this.pendingNotify = new Promise((resolve) => {
          const c = connect(socket, () =>
            c.end(JSON.stringify({ argv: process.argv, cwd: process.cwd() })),
          );
          c.on('close', () => resolve());
          c.on('error', () => resolve());
        });
        return false;
      }
      writeFileSync(lock, String(process.pid));
    }
    rmSync(socket, { force: true });
    this.server = createNetServer((c) => {
      let text = '';
      c.on('data', (d) => (text += d.toString()));
      c.on('end', () => {
        const { argv, cwd } = JSON.parse(text) as { argv: string[]; cwd: string };
        app.emit('second-instance', preventable(), argv, cwd, {});
      });
    });
    this.server.listen(socket);
    this.server.unref();
    machine().exitHooks.push(async () => {
      this.server?.close();
      rmSync(lock, { force: true });
    });
    return true;
  }
}
const singleInstance = new SingleInstance();

class AppDouble extends EventEmitter {
  get isPackaged(): boolean {
    return machine().config.isPackaged;
  }
  setName(name: string): void {
    appName = name;
  }
  getName(): string {
    return appName;
  }
  setPath(name: string, p: string): void {
    paths.set(name, p);
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    const p = paths.get(name);
    if (!p) throw new Error(`electron double: no path "${name}" set`);
    return p;
  }
  getAppPath(): string {
    return machine().config.appPath;
  }
  getPreferredSystemLanguages(): string[] {
    return ['en-US'];
  }
  requestSingleInstanceLock(): boolean {
    return singleInstance.request();
  }
  whenReady(): Promise<void> {
    return new Promise((resolve) =>
      setImmediate(() => {
        ready = true;
        this.emit('ready');
        resolve();
      }),
    );
  }
  isReady(): boolean {
    return ready;
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    machine().loginItems.push(settings);
  }
  /** Like Electron: before-quit (preventable), every window closed (preventable), will-quit, quit. */
  quit(): void {
    if (quitting) return;
    const e = preventable();
    this.emit('before-quit', e);
    if (e.defaultPrevented) return;
    for (const w of [...BrowserWindow.getAllWindows()]) {
      w.close();
      if (!w.isDestroyed()) return;
    }
    const w = preventable();
    this.emit('will-quit', w);
    if (w.defaultPrevented) return;
    quitting = true;
    this.emit('quit', preventable(), 0);
    void this.exitNow(0);
  }
  exit(code = 0): void {
    quitting = true;
    void this.exitNow(code);
  }
  private async exitNow(code: number): Promise<void> {
    await singleInstance.pendingNotify;
    const m = machine();
    for (const hook of m.exitHooks.splice(0)) await hook().catch(() => {});
    await m.closeBrowser();
    m.appEvents.emit('exit', code);
  }
}

export const app = new AppDouble() satisfies Pick<
  Electron.App,
  | 'setName'
  | 'getName'
  | 'setPath'
  | 'getPath'
  | 'getAppPath'
  | 'getPreferredSystemLanguages'
  | 'requestSingleInstanceLock'
  | 'whenReady'
  | 'isReady'
  | 'setLoginItemSettings'
  | 'quit'
  | 'exit'
  | 'isPackaged'
>;

// ---------------------------------------------------------------------------------------------
// protocol, session, screen, shell, dialog, nativeImage, powerMonitor

export const protocol = {
  registerSchemesAsPrivileged(_schemes: Electron.CustomScheme[]): void {},
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    machine().protocols.set(scheme, handler);
  },
} satisfies Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

export const session = {
  defaultSession: {
    setPermissionRequestHandler(_handler: unknown): void {},
    setPermissionCheckHandler(_handler: unknown): void {},
  } satisfies Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
};

const DISPLAY = {
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
};
export const screen = {
  getAllDisplays: () => [DISPLAY] as unknown as Electron.Display[],
  getPrimaryDisplay: () => DISPLAY as unknown as Electron.Display,
} satisfies Pick<Electron.Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;

export const shell = {
  async openExternal(url: string): Promise<void> {
    machine().externalUrls.push(url);
  },
} satisfies Pick<Electron.Shell, 'openExternal'>;

export const dialog = {
  /** Waits for the harness to answer, as a user would. */
  showMessageBox(options: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue> {
    return new Promise((resolve) =>
      machine().dialogs.push({
        options: options as unknown as Record<string, unknown>,
        answer: (response) => resolve({ response, checkboxChecked: false }),
      }),
    );
  },
  showErrorBox(title: string, content: string): void {
    machine().errorBoxes.push({ title, content });
  },
} satisfies Pick<Electron.Dialog, 'showErrorBox'> & {
  showMessageBox(options: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue>;
};

class NativeImageDouble {
  constructor(readonly path: string) {}
  setTemplateImage(_option: boolean): void {}
}
export const nativeImage = {
  createFromPath: (p: string) => new NativeImageDouble(p) as unknown as Electron.NativeImage,
} satisfies Pick<typeof Electron.nativeImage, 'createFromPath'>;

class PowerMonitorDouble extends EventEmitter {
  isOnBatteryPower(): boolean {
    return machine().onBattery;
  }
  override on(event: string, fn: (...args: unknown[]) => void): this {
    machine().power.on(event, fn);
    return this;
  }
  override off(event: string, fn: (...args: unknown[]) => void): this {
    machine().power.off(event, fn);
    return this;
  }
}
export const powerMonitor = new PowerMonitorDouble() satisfies Pick<
  Electron.PowerMonitor,
  'isOnBatteryPower'
>;

// ---------------------------------------------------------------------------------------------
// safeStorage: a keychain of the double's own (AES-256-GCM under a key kept in userData, so that
// later launches open what earlier ones sealed), recording every call

const SEALED_PREFIX = Buffer.from('v11');

function keychainKey(): Buffer {
  const file = path.join(paths.get('userData')!, 'double-keychain.key');
  try {
    return readFileSync(file);
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
    return readFileSync(file);
  }
}

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return ready;
  },
  getSelectedStorageBackend() {
    return machine().config.keychain ?? 'gnome_libsecret';
  },
  encryptString(plainText: string): Buffer {
    if (!ready) throw new Error('safeStorage cannot be used before the app is ready');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', keychainKey(), iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    const sealed = Buffer.concat([SEALED_PREFIX, iv, c.getAuthTag(), body]);
    machine().keychainCalls.push({
      op: 'encryptString',
      sealed: sealed.toString('base64'),
      plainLength: plainText.length,
    });
    return sealed;
  },
  decryptString(encrypted: Buffer): string {
    if (!encrypted.subarray(0, 3).equals(SEALED_PREFIX))
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    const d = createDecipheriv('aes-256-gcm', keychainKey(), encrypted.subarray(3, 15));
    d.setAuthTag(encrypted.subarray(15, 31));
    const plain = Buffer.concat([d.update(encrypted.subarray(31)), d.final()]).toString('utf8');
    machine().keychainCalls.push({
      op: 'decryptString',
      sealed: encrypted.toString('base64'),
      plainLength: plain.length,
    });
    return plain;
  },
} satisfies Pick<
  Electron.SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

// ---------------------------------------------------------------------------------------------
// Menu, Tray, Notification

function recordMenu(template: Electron.MenuItemConstructorOptions[]): RecordedMenuItem[] {
  return template.map((t) => ({
    label: t.label ?? '',
    enabled: t.enabled ?? true,
    separator: t.type === 'separator',
    ...(Array.isArray(t.submenu) && {
      submenu: recordMenu(t.submenu as Electron.MenuItemConstructorOptions[]),
    }),
    ...(t.click && {
      click: () => (t.click as () => void)(),
    }),
  }));
}

class MenuDouble {
  constructor(readonly items: RecordedMenuItem[]) {}
  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Electron.Menu {
    return new MenuDouble(recordMenu(template)) as unknown as Electron.Menu;
  }
}
export const Menu = MenuDouble satisfies Pick<typeof Electron.Menu, 'buildFromTemplate'>;

export class Tray
  extends EventEmitter
  implements Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'>
{
  private readonly record: NonNullable<ElectronMachine['tray']>;
  constructor(image: Electron.NativeImage | string) {
    super();
    this.record = { tooltip: '', image: imagePath(image), menu: [], destroyed: false };
    machine().tray = this.record;
    machine().trayClick = () => this.emit('click');
  }
  setImage(image: Electron.NativeImage | string): void {
    this.record.image = imagePath(image);
  }
  setToolTip(toolTip: string): void {
    this.record.tooltip = toolTip;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.record.menu = (menu as unknown as MenuDouble | null)?.items ?? [];
  }
  destroy(): void {
    this.record.destroyed = true;
  }
}

function imagePath(image: Electron.NativeImage | string): string {
  return typeof image === 'string' ? image : (image as unknown as NativeImageDouble).path;
}

export class Notification
  extends EventEmitter
  implements Pick<Electron.Notification, 'show' | 'close'>
{
  static isSupported(): boolean {
    return true;
  }
  private readonly options: Electron.NotificationConstructorOptions;
  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    this.options = options;
  }
  show(): void {
    const m = machine();
    m.notifications.push({
      index: m.notifications.length,
      title: this.options.title ?? '',
      body: this.options.body ?? '',
      actions: (this.options.actions ?? []).map((a) => a.text ?? ''),
      shown: true,
      emit: (event) =>
        event === 'action'
          ? this.emit('action', preventable(), 0)
          : this.emit(event, preventable()),
    });
  }
  close(): void {
    this.emit('close', preventable());
  }
}

// ---------------------------------------------------------------------------------------------
// ipcMain / ipcRenderer / contextBridge, BrowserWindow + webContents

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, listener: InvokeHandler): void {
    if (invokeHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  },
} satisfies Pick<Electron.IpcMain, 'handle' | 'removeHandler'>;

/** What an IPC message claims about its sender (tests forge other senders through this). */
export interface SenderFacts {
  sender: unknown;
  senderFrame: { url: string } | null;
}

/** ipcRenderer.invoke → ipcMain.handle, with Electron's structured-clone copy both ways. */
export async function dispatchInvoke(
  facts: SenderFacts,
  channel: string,
  args: unknown[],
): Promise<unknown> {
  const handler = invokeHandlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  const event = {
    ...facts,
    processId: process.pid,
    frameId: 1,
  } as unknown as Electron.IpcMainInvokeEvent;
  return structuredClone(await handler(event, ...structuredClone(args)));
}

let nextWindowId = 1;
const allWindows: BrowserWindow[] = [];

/** Serves the app's protocol handlers to Chromium: app://modvault/x ⇄ http://127.0.0.1:P/x. */
let protocolServer: Promise<number> | null = null;
function protocolPort(): Promise<number> {
  protocolServer ??= new Promise((resolve) => {
    const server = createServer((req, res) => {
      void (async () => {
        const handler = machine().protocols.get('app');
        if (!handler) return res.writeHead(404).end();
        const response = await handler(
          new Request(`app://modvault${req.url ?? '/'}`, { method: req.method }),
        );
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    machine().exitHooks.push(async () => void server.close());
  });
  return protocolServer;
}

async function launchChromium(): Promise<BrowserContext> {
  const m = machine();
  const profile = path.join(paths.get('userData') ?? process.cwd(), 'double-chromium');
  rmSync(profile, { recursive: true, force: true });
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: m.config.chromium,
    headless: true,
    args: [...CHROMIUM_ARGS, '--remote-debugging-port=0'],
    viewport: { width: 1200, height: 800 },
  });
  m.cdpPort = Number(readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
  return ctx;
}

class WebContentsDouble
  extends EventEmitter
  implements Pick<Electron.WebContents, 'send' | 'isLoading' | 'setWindowOpenHandler'>
{
  readonly id = nextWindowId;
  page: Page | null = null;
  loading = true;
  url = '';
  openHandler: ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | null =
    null;
  /** The preload's ipcRenderer.on listeners, by channel. */
  readonly rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  readonly mainFrame: { readonly url: string };
  constructor(private readonly owner: () => BrowserWindow) {
    super();
    this.mainFrame = Object.defineProperty({}, 'url', {
      get: () => this.url,
      enumerable: true,
    }) as { readonly url: string };
  }
  send(channel: string, ...args: unknown[]): void {
    const copy = structuredClone(args);
    for (const fn of this.rendererListeners.get(channel) ?? []) fn(preventable(), ...copy);
  }
  isLoading(): boolean {
    return this.loading;
  }
  setWindowOpenHandler(
    handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse,
  ): void {
    this.openHandler = handler;
  }
  get window(): BrowserWindow {
    return this.owner();
  }
}

export class BrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      | 'show'
      | 'hide'
      | 'focus'
      | 'isFocused'
      | 'isVisible'
      | 'isMinimized'
      | 'restore'
      | 'maximize'
      | 'isMaximized'
      | 'isFullScreen'
      | 'isDestroyed'
      | 'destroy'
      | 'close'
      | 'getNormalBounds'
      | 'loadURL'
    >
{
  static getAllWindows(): BrowserWindow[] {
    return allWindows.filter((w) => !w.destroyed);
  }
  readonly id = nextWindowId++;
  readonly webContents: WebContentsDouble;
  private visible = false;
  private focused = false;
  private destroyed = false;
  private maximized = false;
  private shows = 0;
  private readonly bounds: Electron.Rectangle;
  private readonly preload: string | undefined;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    this.webContents = new WebContentsDouble(() => this);
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.preload = options.webPreferences?.preload;
    allWindows.push(this);
    machine().windows.push({
      facts: () => ({
        id: this.id,
        visible: this.visible,
        focused: this.focused,
        destroyed: this.destroyed,
        url: this.webContents.url || null,
        shows: this.shows,
      }),
    });
  }

  async loadURL(url: string): Promise<void> {
    const wc = this.webContents;
    const page = await machine().newPage(launchChromium);
    wc.page = page;
    if (this.preload) await runPreload(this.preload, wc, page);
    const target = new URL(url);
    const port = await protocolPort();
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      const u = new URL(frame.url());
      wc.url = `app://modvault${u.pathname}${u.hash}`;
    });
    wc.url = url;
    await page.goto(`http://127.0.0.1:${port}${target.pathname}${target.hash}`);
    wc.loading = false;
    this.emit('ready-to-show');
    wc.emit('did-finish-load');
  }

  show(): void {
    this.visible = true;
    this.focused = true;
    this.shows++;
    void this.webContents.page?.bringToFront().catch(() => {});
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFullScreen(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Electron.Rectangle {
    return { ...this.bounds };
  }
  /** Like Electron: 'close' (preventable), then destroyed and 'closed'. */
  close(): void {
    if (this.destroyed) return;
    const e = preventable();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    void this.webContents.page?.close().catch(() => {});
    this.emit('closed');
  }
}

/**
 * Runs the real preload bundle here in Node with this double as its 'electron', then puts what
 * it exposed (contextBridge) into the page: each function becomes a page function calling back
 * into Node. As with Electron's contextBridge, functions passed as arguments become callbacks
 * into the page; a call that passes one returns (synchronously) a function to release it.
 */
async function runPreload(file: string, wc: WebContentsDouble, page: Page): Promise<void> {
  const exposed = new Map<string, Record<string, unknown>>();
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) =>
      dispatchInvoke({ sender: wc, senderFrame: wc.mainFrame }, channel, args),
    on(channel: string, listener: (...args: unknown[]) => void) {
      let set = wc.rendererListeners.get(channel);
      if (!set) wc.rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      wc.rendererListeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  } satisfies Pick<Electron.IpcRenderer, 'invoke'> & Record<string, unknown>;
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown): void {
      exposed.set(key, api as Record<string, unknown>);
    },
  } satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'>;
  const nodeRequire = createRequire(file);
  const mod = { exports: {} as unknown };
  new Function(
    'require',
    'module',
    'exports',
    '__filename',
    '__dirname',
    readFileSync(file, 'utf8'),
  )(
    (id: string) => (id === 'electron' ? { contextBridge, ipcRenderer } : nodeRequire(id)),
    mod,
    mod.exports,
    file,
    path.dirname(file),
  );

  const releases = new Map<number, () => void>();
  let nextRelease = 1;
  await page.exposeBinding(
    '__electronDoubleCall',
    async (_source, key: string, name: string, args: { fn?: number; value?: unknown }[]) => {
      const fn = exposed.get(key)?.[name];
      if (typeof fn !== 'function') throw new Error(`${key}.${name} is not a function`);
      const real = args.map((a) =>
        a.fn !== undefined
          ? (...cbArgs: unknown[]) =>
              void page
                .evaluate(
                  ([id, values]) =>
                    (globalThis as unknown as PageGlobals).__electronDoubleCallback?.(id, values),
                  [a.fn!, structuredClone(cbArgs)] as const,
                )
                .catch(() => {})
          : a.value,
      );
      const out = await (fn as (...a: unknown[]) => unknown)(...real);
      if (typeof out === 'function') {
        const id = nextRelease++;
        releases.set(id, out as () => void);
        return { release: id };
      }
      return { value: out };
    },
  );
  await page.exposeBinding('__electronDoubleRelease', (_source, id: number) => {
    releases.get(id)?.();
    releases.delete(id);
  });
  const shape = [...exposed].map(
    ([key, api]) => [key, Object.keys(api).filter((k) => typeof api[k] === 'function')] as const,
  );
  await page.addInitScript((keys) => {
    const window = globalThis as unknown as PageGlobals;
    const callbacks = new Map<number, (...a: unknown[]) => void>();
    let nextCb = 1;
    window.__electronDoubleCallback = (id, values) => callbacks.get(id)?.(...values);
    for (const [key, names] of keys) {
      const api: Record<string, unknown> = {};
      for (const name of names)
        api[name] = (...args: unknown[]) => {
          const marshaled = args.map((a) => {
            if (typeof a !== 'function') return { value: a };
            const id = nextCb++;
            callbacks.set(id, a as (...v: unknown[]) => void);
            return { fn: id };
          });
          const result = window.__electronDoubleCall(key, name, marshaled);
          if (!marshaled.some((m) => 'fn' in m))
            return result.then((r) => ('value' in r ? r.value : undefined));
          return () => {
            for (const m of marshaled) if ('fn' in m) callbacks.delete(m.fn as number);
            void result.then((r) => {
              if ('release' in r) void window.__electronDoubleRelease(r.release);
            });
          };
        };
      Object.defineProperty(globalThis, key, { value: Object.freeze(api), enumerable: true });
    }
  }, shape);
}

/** What the bridge puts on the page's global object (this file has no DOM types). */
interface PageGlobals {
  __electronDoubleCall(
    key: string,
    name: string,
    args: unknown[],
  ): Promise<{ value: unknown } | { release: number }>;
  __electronDoubleRelease(id: number): Promise<void>;
  __electronDoubleCallback?: (id: number, values: unknown[]) => void;
}

// ---------------------------------------------------------------------------------------------
// utilityProcess: a real Node child, with process.parentPort as Electron's utility process has

const PARENT_PORT_SHIM = path.join(import.meta.dirname ?? '.', 'utility-parent-port.mjs');

class UtilityProcessDouble extends EventEmitter {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  constructor(private readonly child: ChildProcess) {
    super();
    this.pid = child.pid;
    this.stdout = child.stdout;
    this.stderr = child.stderr;
    child.on('message', (m) => this.emit('message', m));
    child.once('spawn', () => this.emit('spawn'));
    child.once('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: Electron.ForkOptions = {}) {
    const child = fork(modulePath, args, {
      env: options.env as NodeJS.ProcessEnv | undefined,
      execArgv: ['--import', process.env.MODVAULT_DOUBLE_PARENT_PORT ?? PARENT_PORT_SHIM],
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', 'ipc'] : 'inherit',
      serialization: 'advanced',
    });
    if (child.pid) machine().utilityPids.push(child.pid);
    return new UtilityProcessDouble(child) as unknown as Electron.UtilityProcess;
  },
} satisfies Pick<typeof Electron.UtilityProcess, 'fork'>;

// Everything above exists under the same name in Electron's module.
const _names = {
  app,
  protocol,
  session,
  screen,
  shell,
  dialog,
  nativeImage,
  powerMonitor,
  safeStorage,
  Menu,
  Tray,
  Notification,
  ipcMain,
  BrowserWindow,
  utilityProcess,
} satisfies Partial<Record<keyof typeof ElectronModule, unknown>>;
void _names;
