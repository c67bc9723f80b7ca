import { app } from 'electron';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../engine/platform/atomic-file';
import { autostartEntry } from './autostart-entry';

/** Started at login, the app opens in the tray only. */
export const HIDDEN_FLAG = '--hidden';

/**
 * Applies the "launch at login" setting: the OS login items on macOS and Windows, an XDG
 * autostart entry on Linux.
 */
export async function applyLaunchAtLogin(enabled: boolean, configHome: string): Promise<void> {
  if (process.platform === 'linux') {
    const file = path.join(configHome, 'autostart', 'modvault.desktop');
    if (!enabled) return rm(file, { force: true });
    // In development the app is `electron <checkout>`; packaged, the executable is the app.
    const argv = app.isPackaged
      ? [process.execPath, HIDDEN_FLAG]
      : [process.execPath, app.getAppPath(), HIDDEN_FLAG];
    await mkdir(path.dirname(file), { recursive: true });
    return writeFileAtomic(file, autostartEntry(argv));
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}
