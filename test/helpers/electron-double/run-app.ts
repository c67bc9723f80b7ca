// The app process of the shell harness: installs the Electron test double, answers the
// harness's control messages, then runs the real electron/main code (bundled with 'electron'
// resolved to electron.ts).
import type { MachineConfig, RecordedMenuItem } from './machine';
import { ElectronMachine } from './machine';
import { app, BrowserWindow, dispatchInvoke } from './electron';
import type { SenderFacts } from './electron';

export interface ControlMessage {
  id: number;
  op: keyof typeof ops;
  args?: Record<string, unknown>;
}

const machine = new ElectronMachine(
  JSON.parse(process.env.MODVAULT_DOUBLE_CONFIG!) as MachineConfig,
);
machine.install();
machine.appEvents.on('exit', (code: number) => {
  process.send?.({ event: 'exit', code });
  setTimeout(() => process.exit(code), 20);
});

const strip = (items: RecordedMenuItem[]): unknown[] =>
  items.map((i) => ({
    label: i.label,
    enabled: i.enabled,
    separator: i.separator,
    ...(i.submenu && { submenu: strip(i.submenu) }),
  }));

function findItem(items: RecordedMenuItem[], label: string): RecordedMenuItem | null {
  for (const i of items) {
    if (i.label === label) return i;
    const inner = i.submenu && findItem(i.submenu, label);
    if (inner) return inner;
  }
  return null;
}

function senderFacts(kind: string): SenderFacts {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) throw new Error('no window');
  const wc = win.webContents;
  if (kind === 'window') return { sender: wc, senderFrame: wc.mainFrame };
  // Another webContents (a second window, a devtools page): never the app window.
  if (kind === 'other-webcontents')
    return { sender: { id: 999 }, senderFrame: { url: wc.mainFrame.url } };
  // A subframe of the app window, even one on app://modvault.
  if (kind === 'subframe') return { sender: wc, senderFrame: { url: wc.mainFrame.url } };
  throw new Error(`unknown sender ${kind}`);
}

const ops = {
  windows: () => machine.windows.map((w) => w.facts()),
  cdp: async () => {
    for (let i = 0; i < 600 && machine.cdpPort === null; i++)
      await new Promise((r) => setTimeout(r, 50));
    return machine.cdpPort;
  },
  tray: () =>
    machine.tray && {
      tooltip: machine.tray.tooltip,
      image: machine.tray.image,
      destroyed: machine.tray.destroyed,
      menu: strip(machine.tray.menu),
    },
  trayClick: (a: { label: string }) => {
    const item = machine.tray && findItem(machine.tray.menu, a.label);
    if (!item?.click) throw new Error(`no clickable tray item "${a.label}"`);
    if (!item.enabled) throw new Error(`tray item "${a.label}" is disabled`);
    item.click();
    return true;
  },
  notifications: () => machine.notifications.map(({ emit: _e, ...n }) => n),
  notificationEvent: (a: { index: number; event: 'click' | 'action' | 'close' }) => {
    machine.notifications[a.index]!.emit(a.event);
    return true;
  },
  dialogs: () => machine.dialogs.map((d) => d.options),
  answerDialog: (a: { response: number }) => {
    const d = machine.dialogs.shift();
    if (!d) throw new Error('no dialog is open');
    d.answer(a.response);
    return true;
  },
  errorBoxes: () => machine.errorBoxes,
  externalUrls: () => machine.externalUrls,
  power: (a: { event: string; onBattery?: boolean }) => {
    if (a.onBattery !== undefined) machine.onBattery = a.onBattery;
    machine.power.emit(a.event, {});
    return true;
  },
  /** The user closes the window (its X button). */
  closeWindow: () => {
    BrowserWindow.getAllWindows()[0]?.close();
    return true;
  },
  quit: () => {
    app.quit();
    return true;
  },
  utilityPids: () => machine.utilityPids,
  keychainCalls: () => machine.keychainCalls,
  ipc: (a: { sender: string; cmd: string; req?: unknown }) =>
    dispatchInvoke(senderFacts(a.sender), 'modvault:invoke', [a.cmd, a.req ?? {}]),
};

process.on('message', (raw) => {
  const msg = raw as ControlMessage;
  void (async () => {
    try {
      const fn = ops[msg.op] as (a: unknown) => unknown;
      if (!fn) throw new Error(`unknown op ${String(msg.op)}`);
      process.send?.({ id: msg.id, ok: true, value: await fn(msg.args ?? {}) });
    } catch (e) {
      process.send?.({ id: msg.id, ok: false, error: String((e as Error)?.stack ?? e) });
    }
  })();
});

await import('../../../electron/main/main');
process.send?.({ event: 'started' });
