import { EventEmitter } from 'node:events';
import type { BrowserContext, Page } from '@playwright/test';

// The state of the test double of Electron inside one app process: what the shell put on the
// screen (windows, tray, notifications, dialogs) as data, and the hooks the harness drives.
// The double's API objects (electron.ts) find it through a global, because the app's bundle and
// the control code are one process but not one module graph.

export interface RecordedNotification {
  index: number;
  title: string;
  body: string;
  actions: string[];
  shown: boolean;
  emit(event: 'click' | 'action' | 'close'): void;
}

export interface RecordedMenuItem {
  label: string;
  enabled: boolean;
  separator: boolean;
  submenu?: RecordedMenuItem[];
  click?: () => void;
}

export interface PendingDialog {
  options: Record<string, unknown>;
  answer(response: number): void;
}

export interface WindowFacts {
  id: number;
  visible: boolean;
  focused: boolean;
  destroyed: boolean;
  url: string | null;
  shows: number;
}

export interface MachineConfig {
  chromium: string;
  appPath: string;
  isPackaged: boolean;
  onBattery?: boolean;
  /** safeStorage's backend on this (Linux) machine; 'basic_text' is Chromium's hard-coded key. */
  keychain?: 'gnome_libsecret' | 'kwallet6' | 'basic_text';
}

/** One safeStorage call: what was sealed or opened (the sealed bytes, base64), never the secret. */
export interface KeychainCall {
  op: 'encryptString' | 'decryptString';
  sealed: string;
  plainLength: number;
}

export class ElectronMachine {
  readonly appEvents = new EventEmitter();
  readonly power = new EventEmitter();
  onBattery: boolean;
  readonly notifications: RecordedNotification[] = [];
  readonly dialogs: PendingDialog[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  readonly externalUrls: string[] = [];
  readonly loginItems: unknown[] = [];
  tray: { tooltip: string; image: string; menu: RecordedMenuItem[]; destroyed: boolean } | null =
    null;
  trayClick: (() => void) | null = null;
  readonly windows: { facts(): WindowFacts }[] = [];
  /** The app's protocol handlers (protocol.handle), served to Chromium on a loopback port. */
  readonly protocols = new Map<string, (req: Request) => Response | Promise<Response>>();
  /** safeStorage.encryptString / decryptString, in order. */
  readonly keychainCalls: KeychainCall[] = [];
  /** Children started through utilityProcess.fork. */
  readonly utilityPids: number[] = [];
  private context: Promise<BrowserContext> | null = null;
  cdpPort: number | null = null;
  exitHooks: (() => Promise<void>)[] = [];

  constructor(readonly config: MachineConfig) {
    this.onBattery = config.onBattery ?? false;
  }

  static current(): ElectronMachine {
    const m = (globalThis as Record<symbol, ElectronMachine | undefined>)[MACHINE];
    if (!m) throw new Error('electron double: no ElectronMachine installed in this process');
    return m;
  }

  install(): void {
    (globalThis as Record<symbol, ElectronMachine>)[MACHINE] = this;
  }

  /** The renderer's browser: Chromium, one page per BrowserWindow. */
  browser(launch: () => Promise<BrowserContext>): Promise<BrowserContext> {
    this.context ??= launch();
    return this.context;
  }

  async newPage(launch: () => Promise<BrowserContext>): Promise<Page> {
    return (await this.browser(launch)).newPage();
  }

  async closeBrowser(): Promise<void> {
    const ctx = await this.context?.catch(() => null);
    await ctx?.close().catch(() => {});
  }
}

const MACHINE = Symbol.for('modvault.electron-double.machine');
