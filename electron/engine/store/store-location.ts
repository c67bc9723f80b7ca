import type { StoreLocationSource } from '../../../shared/dto/store';
import type { GoOS, PathApi } from '../toolchain/go-defaults';

export interface StoreLocationInput {
  goos: GoOS;
  env: Record<string, string | undefined>;
  home: string;
  path: PathApi & { resolve(...parts: string[]): string };
  /** --store DIR from the command line. */
  option?: string;
  /** The store folder chosen in the app settings. */
  settings?: string;
}

export interface StoreLocation {
  dir: string;
  source: StoreLocationSource;
}

/**
 * The OS app-data folder for ModVault: $XDG_DATA_HOME/modvault (~/.local/share/modvault) on
 * Linux and the BSDs, ~/Library/Application Support/ModVault on macOS, %APPDATA%\ModVault on
 * Windows. Null when the home folder (or APPDATA) is unknown.
 */
export function defaultStoreDir(i: Omit<StoreLocationInput, 'option' | 'settings'>): string | null {
  if (i.goos === 'windows') {
    const appData = i.env.APPDATA || i.env.AppData;
    if (appData) return i.path.join(appData, 'ModVault');
    return i.home ? i.path.join(i.home, 'AppData', 'Roaming', 'ModVault') : null;
  }
  if (i.goos === 'darwin')
    return i.home ? i.path.join(i.home, 'Library', 'Application Support', 'ModVault') : null;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = i.env.XDG_DATA_HOME;
  if (xdg && i.path.isAbsolute(xdg)) return i.path.join(xdg, 'modvault');
  return i.home ? i.path.join(i.home, '.local', 'share', 'modvault') : null;
}

/** --store beats MODVAULT_STORE, which beats the app settings, which beat the OS default. */
export function resolveStoreLocation(i: StoreLocationInput): StoreLocation | null {
  if (i.option) return { dir: i.path.resolve(i.option), source: 'option' };
  if (i.env.MODVAULT_STORE) return { dir: i.path.resolve(i.env.MODVAULT_STORE), source: 'env' };
  if (i.settings) return { dir: i.path.resolve(i.settings), source: 'settings' };
  const dir = defaultStoreDir(i);
  return dir ? { dir, source: 'default' } : null;
}
