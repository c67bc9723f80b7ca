import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM } from '../chromium';
import type { KeychainCall, MachineConfig, WindowFacts } from './machine';

// The shell harness, test side: runs the real electron/main code in its own Node process
// against the Electron test double (electron.ts), and drives it the way a user and the OS
// would: the window (the real renderer in Chromium, reached over CDP), the tray menu,
// notifications, dialogs, power events, a second launch, quitting.

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const outDir = path.join(root, 'test-results', 'electron-double');

let bundled: Promise<string> | null = null;

/** electron/main bundled with 'electron' resolved to the double (once per test process). */
export function buildShellBundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, 'app.mjs');
    await build({
      entryPoints: [path.join(import.meta.dirname, 'run-app.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'error',
      alias: { electron: path.join(import.meta.dirname, 'electron.ts') },
      external: ['@playwright/test', 'playwright-core', 'better-sqlite3', 'esbuild'],
      banner: {
        js: "import { createRequire as __mvCreateRequire } from 'node:module'; const require = __mvCreateRequire(import.meta.url);",
      },
    });
    return outfile;
  })();
  return bundled;
}

export interface TrayState {
  tooltip: string;
  image: string;
  destroyed: boolean;
  menu: { label: string; enabled: boolean; separator: boolean; submenu?: unknown[] }[];
}

export interface NotificationRecord {
  index: number;
  title: string;
  body: string;
  actions: string[];
}

export interface LaunchOptions {
  env: Record<string, string>;
  args?: string[];
  isPackaged?: boolean;
  /** Run the engine on this Node (development) instead of the double's utilityProcess. */
  engineNode?: string;
  /** safeStorage's backend (default: a working Secret Service). */
  keychain?: MachineConfig['keychain'];
}

/** One running desktop app (one app process). */
export class DesktopApp {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    (m: { ok: boolean; value?: unknown; error?: string }) => void
  >();
  private out = '';
  readonly exited: Promise<number | null>;
  private browser: Browser | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.out += d.toString()));
    child.on('message', (raw) => {
      const m = raw as { id?: number; ok: boolean; value?: unknown; error?: string };
      if (m.id !== undefined) {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async launch(opts: LaunchOptions): Promise<DesktopApp> {
    const bundle = await buildShellBundle();
    const config: MachineConfig = {
      chromium: CHROMIUM,
      appPath: root,
      isPackaged: opts.isPackaged ?? false,
      ...(opts.keychain && { keychain: opts.keychain }),
    };
    const child = fork(bundle, opts.args ?? [], {
      env: {
        ...opts.env,
        MODVAULT_DOUBLE_CONFIG: JSON.stringify(config),
        MODVAULT_DOUBLE_PARENT_PORT: path.join(import.meta.dirname, 'utility-parent-port.mjs'),
        ...(opts.engineNode && { MODVAULT_ENGINE_NODE: opts.engineNode }),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new DesktopApp(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  output(): string {
    return this.out;
  }

  private control<T>(op: string, args?: Record<string, unknown>): Promise<T> {
    if (!this.child.connected) return Promise.reject(new Error(`the app has exited:\n${this.out}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) =>
        m.ok ? resolve(m.value as T) : reject(new Error(`${op}: ${m.error}`)),
      );
      this.child.send({ id, op, args });
    });
  }

  /** The window's page: the real renderer in Chromium. Waits for the window to exist. */
  async page(): Promise<Page> {
    const port = await this.control<number | null>('cdp');
    if (!port) throw new Error(`no window was opened:\n${this.out}`);
    this.browser ??= await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 200; i++) {
      const page = this.browser
        .contexts()
        .flatMap((c) => c.pages())
        .find((p) => p.url().startsWith('http://127.0.0.1'));
      if (page) return page;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the window never loaded the renderer');
  }

  windows(): Promise<WindowFacts[]> {
    return this.control('windows');
  }
  tray(): Promise<TrayState | null> {
    return this.control('tray');
  }
  clickTray(label: string): Promise<void> {
    return this.control('trayClick', { label });
  }
  notifications(): Promise<NotificationRecord[]> {
    return this.control('notifications');
  }
  notificationEvent(index: number, event: 'click' | 'action' | 'close'): Promise<void> {
    return this.control('notificationEvent', { index, event });
  }
  dialogs(): Promise<Record<string, unknown>[]> {
    return this.control('dialogs');
  }
  answerDialog(response: number): Promise<void> {
    return this.control('answerDialog', { response });
  }
  errorBoxes(): Promise<{ title: string; content: string }[]> {
    return this.control('errorBoxes');
  }
  externalUrls(): Promise<string[]> {
    return this.control('externalUrls');
  }
  power(event: string, onBattery?: boolean): Promise<void> {
    return this.control('power', { event, onBattery });
  }
  /** What main.ts's IPC handler answers a call from `sender` (the window, or a forged one). */
  ipc(
    sender: 'window' | 'other-webcontents' | 'subframe',
    cmd: string,
    req?: unknown,
  ): Promise<unknown> {
    return this.control('ipc', { sender, cmd, req });
  }
  /** The engine processes this app started through utilityProcess.fork. */
  utilityPids(): Promise<number[]> {
    return this.control('utilityPids');
  }
  /** The shell's safeStorage.encryptString / decryptString calls, in order. */
  keychainCalls(): Promise<KeychainCall[]> {
    return this.control('keychainCalls');
  }
  /** The user closes the window (its X button). */
  closeWindow(): Promise<void> {
    return this.control('closeWindow');
  }
  /** app.quit(), as the tray's Quit does. */
  quit(): Promise<void> {
    return this.control('quit');
  }

  /** Ends the app process however it is (test cleanup). */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(t);
    }
  }
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(
  fn: () => Promise<T>,
  ms = 30_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not reached within ${ms} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
