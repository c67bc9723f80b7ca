import path from 'node:path';

export interface AppPathsInput {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

/**
 * ModVault's own data folder (settings, audit log): MODVAULT_DATA when set, else the OS
 * app-data folder — Linux `$XDG_DATA_HOME/modvault` (default `~/.local/share/modvault`), macOS
 * `~/Library/Application Support/ModVault`, Windows `%APPDATA%\ModVault`. It does not follow
 * MODVAULT_STORE: a store moved to an external disk must not take the audit log with it.
 */
export function appDataDir(i: AppPathsInput): string {
  if (i.env.MODVAULT_DATA) return path.resolve(i.env.MODVAULT_DATA);
  if (i.platform === 'win32')
    return path.win32.join(
      i.env.APPDATA || path.win32.join(i.home, 'AppData', 'Roaming'),
      'ModVault',
    );
  if (i.platform === 'darwin')
    return path.join(i.home, 'Library', 'Application Support', 'ModVault');
  const xdg = i.env.XDG_DATA_HOME;
  return path.join(
    xdg && path.isAbsolute(xdg) ? xdg : path.join(i.home, '.local', 'share'),
    'modvault',
  );
}
