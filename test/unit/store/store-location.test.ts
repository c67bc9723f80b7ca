import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDirs } from '../../../electron/engine/platform/app-paths';
import { resolveStoreLocation } from '../../../electron/engine/store/store-location';

// The default store is ModVault's app-data folder (appDirs().dataDir).
const dataDir = (i: Parameters<typeof appDirs>[0]) => appDirs(i).dataDir;

describe('store location', () => {
  it('defaults to ~/.local/share/modvault on Linux, honouring an absolute XDG_DATA_HOME', () => {
    const base = { goos: 'linux' as const, home: '/home/ann', path: path.posix };
    expect(dataDir({ ...base, env: {} })).toBe('/home/ann/.local/share/modvault');
    expect(dataDir({ ...base, env: { XDG_DATA_HOME: '/data/xdg' } })).toBe('/data/xdg/modvault');
    // The XDG spec: a relative XDG_DATA_HOME is invalid and ignored.
    expect(dataDir({ ...base, env: { XDG_DATA_HOME: 'rel/xdg' } })).toBe(
      '/home/ann/.local/share/modvault',
    );
    expect(dataDir({ ...base, goos: 'freebsd', env: {} })).toBe('/home/ann/.local/share/modvault');
  });

  it('uses ~/Library/Application Support/ModVault on macOS', () => {
    expect(
      dataDir({
        goos: 'darwin',
        home: '/Users/ann',
        env: { XDG_DATA_HOME: '/x' },
        path: path.posix,
      }),
    ).toBe('/Users/ann/Library/Application Support/ModVault');
  });

  it('uses %APPDATA%\\ModVault on Windows', () => {
    const base = { goos: 'windows' as const, home: 'C:\\Users\\Ann', path: path.win32 };
    expect(dataDir({ ...base, env: { APPDATA: 'C:\\Users\\Ann\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\Ann\\AppData\\Roaming\\ModVault',
    );
    expect(dataDir({ ...base, env: {} })).toBe('C:\\Users\\Ann\\AppData\\Roaming\\ModVault');
  });

  it('prefers --store, then MODVAULT_STORE, then the settings, then the default', () => {
    const base = { defaultDir: '/home/ann/.local/share/modvault', resolve: path.posix.resolve };
    const env = '/env/store';
    expect(resolveStoreLocation({ ...base, env, option: '/opt/store', setting: '/set' })).toEqual({
      dir: '/opt/store',
      source: 'option',
    });
    expect(resolveStoreLocation({ ...base, env, setting: '/set' })).toEqual({
      dir: '/env/store',
      source: 'env',
    });
    expect(resolveStoreLocation({ ...base, setting: '/set' })).toEqual({
      dir: '/set',
      source: 'settings',
    });
    expect(resolveStoreLocation(base)).toEqual({
      dir: '/home/ann/.local/share/modvault',
      source: 'default',
    });
    expect(
      resolveStoreLocation({ defaultDir: 'C:\\x', resolve: path.win32.resolve, env: 'D:\\vault' }),
    ).toEqual({ dir: 'D:\\vault', source: 'env' });
  });
});
