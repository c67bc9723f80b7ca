import { homedir } from 'node:os';
import path from 'node:path';
import type { GoOS, PathApi } from '../toolchain/go-defaults';
import { goosOf, userConfigDir } from '../toolchain/go-defaults';

export interface AppDirs {
  /** Settings and window state. */
  configDir: string;
  /** The default backup store, the audit log, cleanup settings. MODVAULT_DATA overrides it. */
  dataDir: string;
}

export interface AppDirsInput {
  goos: GoOS;
  env: Record<string, string | undefined>;
  home: string;
  path: PathApi & { resolve(...parts: string[]): string };
}

/**
 * ModVault's own folders, by OS convention: Linux follows XDG (~/.config/modvault,
 * ~/.local/share/modvault), macOS and Windows keep both in the per-user app folder.
 * MODVAULT_DATA moves the data folder (tests, portable setups); it is independent of
 * MODVAULT_STORE so a store moved to an external disk does not take the audit log with it.
 */
export function appDirs(i: AppDirsInput): AppDirs {
  const dirs = osAppDirs(i);
  return i.env.MODVAULT_DATA ? { ...dirs, dataDir: i.path.resolve(i.env.MODVAULT_DATA) } : dirs;
}

function osAppDirs(i: AppDirsInput): AppDirs {
  if (i.goos === 'windows') {
    const appData = i.env.APPDATA || i.env.AppData || i.path.join(i.home, 'AppData', 'Roaming');
    const dir = i.path.join(appData, 'ModVault');
    return { configDir: dir, dataDir: dir };
  }
  if (i.goos === 'darwin') {
    const dir = i.path.join(i.home, 'Library', 'Application Support', 'ModVault');
    return { configDir: dir, dataDir: dir };
  }
  const config = userConfigDir(i) ?? i.path.join(i.home, '.config');
  const xdgData = i.env.XDG_DATA_HOME;
  const data =
    xdgData && i.path.isAbsolute(xdgData) ? xdgData : i.path.join(i.home, '.local', 'share');
  return { configDir: i.path.join(config, 'modvault'), dataDir: i.path.join(data, 'modvault') };
}

/** ModVault's folders for the user running this process, before any engine is composed. */
export function processAppDirs(env: Record<string, string | undefined> = process.env): AppDirs {
  return appDirs({
    goos: goosOf(process.platform),
    env,
    home: env.HOME || homedir(),
    path: process.platform === 'win32' ? path.win32 : path.posix,
  });
}

/** Packaged, files that start a process or a worker thread live outside app.asar, beside it. */
export function outsideAsar(file: string): string {
  return file.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
}
