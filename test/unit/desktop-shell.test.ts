import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../shared/contract';
import { commands, isCommandName } from '../../shared/contract';
import type { AppStatus } from '../../shared/dto/status';
import { createI18n } from '../../shared/i18n';
import { autostartEntry, quoteExecArg } from '../../electron/main/autostart-entry';
import { isAllowedExternal } from '../../electron/main/external-links';
import { trayIconPath } from '../../electron/main/tray-icons';
import { nextMidnight, trayMenu, trayTooltip } from '../../electron/main/tray-menu';
import { restoreBounds } from '../../electron/main/window-bounds';
import { browserCommand } from '../../electron/cli/open-browser';
import { deriveHealth } from '../../electron/engine/status/health';

const status = (over: Partial<AppStatus> = {}): AppStatus => ({
  level: 'idle',
  reasons: [],
  activeJobs: [],
  lastFailure: null,
  cache: null,
  verify: null,
  cacheLost: [],
  backup: null,
  health: deriveHealth({ scan: null, verify: null, doctor: null, losses: [] }),
  power: { onBattery: false, lastResumeAt: null },
  ...over,
});
const en = createI18n('en');
const now = Date.UTC(2024, 5, 1, 12);

describe('tray menu', () => {
  it('offers only what exists: without backup/restore/clean/schedule commands, Open and Quit', () => {
    const items = trayMenu(en, status(), () => false, now);
    expect(items.map((i) => (i.separator ? '—' : i.label))).toEqual([
      'All good',
      '—',
      'Open ModVault',
      'Quit ModVault',
    ]);
    expect(items[0]!.enabled).toBe(false);
  });

  it('grows with the features: each entry appears when its command is in the contract', () => {
    const has = (cmd: string) =>
      ['store.snapshot', 'restore.run', 'clean.plan', 'schedule.pause', 'schedule.resume'].includes(
        cmd,
      );
    const items = trayMenu(en, status(), has, now);
    expect(items.map((i) => (i.separator ? '—' : i.label))).toEqual([
      'All good',
      '—',
      'Back up now',
      'Restore…',
      'Clean up…',
      'Pause backups',
      '—',
      'Open ModVault',
      'Quit ModVault',
    ]);
    expect(items[2]!.action).toEqual({ kind: 'command', cmd: 'store.snapshot', req: {} });
    expect(items[3]!.action).toEqual({ kind: 'open', route: 'restore' });
    expect(items[4]!.action).toEqual({ kind: 'open', route: 'cleanup' });
    const pause = items[5]!.submenu!;
    expect(pause.map((i) => i.label)).toEqual(['For 1 hour', 'Until tomorrow', 'Resume backups']);
    expect(pause[0]!.action).toEqual({
      kind: 'command',
      cmd: 'schedule.pause',
      req: { until: now + 3_600_000 },
    });
    expect(pause[1]!.action).toEqual({
      kind: 'command',
      cmd: 'schedule.pause',
      req: { until: nextMidnight(now) },
    });
  });

  it('against the real contract, its commands exist and their requests validate', () => {
    const items = trayMenu(en, status(), isCommandName, now);
    const backup = items.find((i) => i.label === 'Back up now');
    expect(backup?.action).toEqual({ kind: 'command', cmd: 'store.snapshot', req: {} });
    expect(items.find((i) => i.label === 'Clean up…')?.action).toEqual({
      kind: 'open',
      route: 'cleanup',
    });
    for (const item of items.flatMap((i) => [i, ...(i.submenu ?? [])])) {
      if (item.action?.kind !== 'command') continue;
      const cmd = item.action.cmd as CommandName;
      expect(commands[cmd].input.safeParse(item.action.req).success, cmd).toBe(true);
    }
  });

  it('tooltip: the state, then backups when a backup feature reports them, under 128 characters', () => {
    expect(trayTooltip(en, status(), now)).toBe('ModVault\nAll good');
    const busy = status({
      level: 'warning',
      reasons: [{ kind: 'cache-missing', path: '/home/me/go/pkg/mod' }],
      backup: { lastGoodAt: now - 2 * 3600_000, nextAt: now + 3600_000, pausedUntil: null },
    });
    expect(trayTooltip(en, busy, now)).toBe(
      'ModVault\nThe module cache was deleted (/home/me/go/pkg/mod).\nlast good backup 2 hours ago · next in 1 hour',
    );
    const long = status({ reasons: [{ kind: 'cache-missing', path: '/x'.repeat(100) }] });
    expect(trayTooltip(en, long, now).length).toBeLessThanOrEqual(127);
    expect(trayTooltip(createI18n('zh-CN'), status(), now)).toBe('ModVault\n一切正常');
  });

  it('next midnight is local midnight after now', () => {
    const m = new Date(nextMidnight(now));
    expect([m.getHours(), m.getMinutes()]).toEqual([0, 0]);
    expect(m.getTime()).toBeGreaterThan(now);
    expect(m.getTime() - now).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('icon files per OS convention', () => {
    expect(trayIconPath('/r', 'warning', 'linux')).toBe('/r/tray/warning.png');
    expect(trayIconPath('/r', 'error', 'darwin')).toBe('/r/tray/errorTemplate.png');
    expect(trayIconPath('/r', 'idle', 'win32')).toBe('/r/tray/idle.ico');
  });
});

describe('window placement', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1040 };
  const second = { x: 1920, y: 0, width: 1280, height: 1000 };

  it('restores the saved place when it is still on a screen', () => {
    const r = restoreBounds(
      { x: 2000, y: 50, width: 1000, height: 700, maximized: true },
      [primary, second],
      primary,
    );
    expect(r).toEqual({
      bounds: { x: 2000, y: 50, width: 1000, height: 700 },
      maximized: true,
      centered: false,
    });
  });

  it('centres on the primary screen when the saved screen is gone or the file is junk', () => {
    for (const saved of [{ x: 5000, y: 50, width: 1000, height: 700 }, { x: 'a' }, null] as const) {
      const r = restoreBounds(saved as never, [primary], primary);
      expect(r.centered).toBe(true);
      expect(r.bounds).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
    }
  });

  it('shrinks and moves a window that no longer fits its screen', () => {
    const r = restoreBounds(
      { x: 1900, y: -30, width: 3000, height: 2000 },
      [primary, second],
      primary,
    );
    expect(r.bounds).toEqual({ x: 1920, y: 0, width: 1280, height: 1000 });
  });
});

describe('launch at login on Linux', () => {
  it('writes an autostart entry with correctly quoted arguments', () => {
    expect(quoteExecArg('/opt/ModVault/modvault')).toBe('/opt/ModVault/modvault');
    expect(quoteExecArg('/home/me/My Apps/app')).toBe('"/home/me/My Apps/app"');
    expect(quoteExecArg('50%')).toBe('50%%');
    expect(quoteExecArg('a"b$c')).toBe('"a\\"b\\$c"');
    const entry = autostartEntry(['/usr/bin/electron', '/home/me/src/modvault', '--hidden']);
    expect(entry).toContain('Exec=/usr/bin/electron /home/me/src/modvault --hidden\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
  });
});

describe('links the window may open in the browser', () => {
  it('only https pages of known sites, never another scheme, credentials or a look-alike host', () => {
    expect(isAllowedExternal('https://go.dev/dl/')).toBe(true);
    expect(isAllowedExternal('https://pkg.go.dev/golang.org/x/mod')).toBe(true);
    for (const url of [
      'http://go.dev/dl/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-settings:privacy',
      'smb://attacker/share',
      'https://go.dev.attacker.example/',
      'https://attacker.example/?https://go.dev/',
      'https://user:pw@go.dev/',
      'https://go.dev:8443/',
      'not a url',
    ])
      expect(isAllowedExternal(url), url).toBe(false);
  });
});

describe('opening the browser', () => {
  it('uses the OS opener with the URL as one argument, never a shell line', () => {
    const url = 'http://127.0.0.1:1234/abc_-XYZ/';
    expect(browserCommand('linux', url)).toEqual(['xdg-open', [url]]);
    expect(browserCommand('darwin', url)).toEqual(['open', [url]]);
    expect(browserCommand('win32', url)).toEqual(['cmd', ['/c', 'start', '""', url]]);
  });
});
