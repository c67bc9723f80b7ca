import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultStoreDir,
  resolveStoreLocation,
} from '../../../electron/engine/store/store-location';

describe('store location', () => {
  it('defaults to ~/.local/share/modvault on Linux, honouring an absolute XDG_DATA_HOME', () => {
    const base = { goos: 'linux' as const, home: '/home/ann', path: path.posix };
    expect(defaultStoreDir({ ...base, env: {} })).toBe('/home/ann/.local/share/modvault');
    expect(defaultStoreDir({ ...base, env: { XDG_DATA_HOME: '/data/xdg' } })).toBe(
      '/data/xdg/modvault',
    );
    // The XDG spec: a relative XDG_DATA_HOME is invalid and ignored.
    expect(defaultStoreDir({ ...base, env: { XDG_DATA_HOME: 'rel/xdg' } })).toBe(
      '/home/ann/.local/share/modvault',
    );
    expect(defaultStoreDir({ ...base, goos: 'freebsd', env: {} })).toBe(
      '/home/ann/.local/share/modvault',
    );
  });

  it('uses ~/Library/Application Support/ModVault on macOS', () => {
    expect(
      defaultStoreDir({
        goos: 'darwin',
        home: '/Users/ann',
        env: { XDG_DATA_HOME: '/x' },
        path: path.posix,
      }),
    ).toBe('/Users/ann/Library/Application Support/ModVault');
  });

  it('uses %APPDATA%\\ModVault on Windows', () => {
    const base = { goos: 'windows' as const, home: 'C:\\Users\\Ann', path: path.win32 };
    expect(defaultStoreDir({ ...base, env: { APPDATA: 'C:\\Users\\Ann\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\Ann\\AppData\\Roaming\\ModVault',
    );
    expect(defaultStoreDir({ ...base, env: {} })).toBe(
      'C:\\Users\\Ann\\AppData\\Roaming\\ModVault',
    );
  });

  it('returns null when neither the home folder nor APPDATA is known', () => {
    expect(defaultStoreDir({ goos: 'linux', home: '', env: {}, path: path.posix })).toBeNull();
    expect(defaultStoreDir({ goos: 'windows', home: '', env: {}, path: path.win32 })).toBeNull();
  });

  it('prefers --store, then MODVAULT_STORE, then the settings, then the default', () => {
    const base = { goos: 'linux' as const, home: '/home/ann', path: path.posix };
    const env = { MODVAULT_STORE: '/env/store' };
    expect(resolveStoreLocation({ ...base, env, option: '/opt/store', settings: '/set' })).toEqual({
      dir: '/opt/store',
      source: 'option',
    });
    expect(resolveStoreLocation({ ...base, env, settings: '/set' })).toEqual({
      dir: '/env/store',
      source: 'env',
    });
    expect(resolveStoreLocation({ ...base, env: {}, settings: '/set' })).toEqual({
      dir: '/set',
      source: 'settings',
    });
    expect(resolveStoreLocation({ ...base, env: {} })).toEqual({
      dir: '/home/ann/.local/share/modvault',
      source: 'default',
    });
    expect(
      resolveStoreLocation({
        goos: 'windows',
        home: 'C:\\Users\\Ann',
        path: path.win32,
        env: { MODVAULT_STORE: 'D:\\vault' },
      }),
    ).toEqual({ dir: 'D:\\vault', source: 'env' });
  });
});
