import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AuditLog } from '../../electron/engine/clean/audit-log';
import { appDirs } from '../../electron/engine/platform/app-paths';
import { modCacheRW, parseGoFlags } from '../../electron/engine/toolchain/goflags';
import { removeTree, tempDir } from '../helpers/temp';

describe('where ModVault keeps its own data', () => {
  it('uses MODVAULT_DATA, else the OS app-data folder', () => {
    const dataDir = (
      goos: 'linux' | 'darwin' | 'windows',
      env: Record<string, string>,
      home: string,
    ) => appDirs({ goos, env, home, path: goos === 'windows' ? path.win32 : path.posix }).dataDir;
    expect(dataDir('linux', { MODVAULT_DATA: '/d' }, '/h')).toBe('/d');
    expect(dataDir('linux', {}, '/h')).toBe('/h/.local/share/modvault');
    expect(dataDir('linux', { XDG_DATA_HOME: '/x' }, '/h')).toBe('/x/modvault');
    expect(dataDir('linux', { XDG_DATA_HOME: 'relative' }, '/h')).toBe('/h/.local/share/modvault');
    expect(dataDir('darwin', {}, '/Users/me')).toBe(
      '/Users/me/Library/Application Support/ModVault',
    );
    expect(
      dataDir('windows', { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'C:\\Users\\me'),
    ).toBe('C:\\Users\\me\\AppData\\Roaming\\ModVault');
  });

  it('appends to the audit log and survives a line cut by a crash', async () => {
    const dir = await tempDir('modvault-data-');
    onTestFinished(() => removeTree(dir));
    const audit = new AuditLog(dir, () => 42);
    await audit.append([
      {
        action: 'quarantine',
        rule: 'unused',
        path: 'm',
        version: 'v1',
        bytes: 1,
        undo: 'q',
        ok: true,
      },
    ]);
    writeFileSync(audit.file, readFileSync(audit.file, 'utf8') + '{"cut by a cra');
    await audit.append([
      { action: 'undo', rule: 'unused', path: 'm', version: 'v1', bytes: 1, undo: null, ok: true },
    ]);
    expect((await audit.tail(10)).map((e) => [e.time, e.action])).toEqual([
      [42, 'quarantine'],
      [42, 'undo'],
    ]);
  });
});

describe('GOFLAGS', () => {
  it('parses flags and tells whether -modcacherw is on', () => {
    expect(parseGoFlags(' -mod=mod  --modcacherw -tags=a,b ')).toEqual([
      { name: 'mod', value: 'mod', raw: '-mod=mod' },
      { name: 'modcacherw', value: null, raw: '--modcacherw' },
      { name: 'tags', value: 'a,b', raw: '-tags=a,b' },
    ]);
    expect(modCacheRW('-modcacherw')).toBe(true);
    expect(modCacheRW('-modcacherw -modcacherw=false')).toBe(false);
    expect(modCacheRW('-mod=mod')).toBe(false);
  });
});
