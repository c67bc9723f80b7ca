import type { GoOS, PathApi } from '../toolchain/go-defaults';
import { userConfigDir } from '../toolchain/go-defaults';

export interface AppDirs {
  /** Settings and window state. */
  configDir: string;
  /** The default backup store. */
  dataDir: string;
}

export interface AppDirsInput {
  goos: GoOS;
  env: Record<string, string | undefined>;
  home: string;
  path: PathApi;
}

/**
 * ModVault's own folders, by OS convention: Linux follows XDG (~/.config/modvault,
 * ~/.local/share/modvault), macOS and Windows keep both in the per-user app folder.
 */
export function appDirs(i: AppDirsInput): AppDirs {
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
