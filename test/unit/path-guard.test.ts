import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PathGuard, unsafeFolderReason } from '../../electron/engine/platform/path-guard';
import { removeTree, tempDir } from '../helpers/temp';

async function layout() {
  const root = await tempDir('modvault-guard-');
  onTestFinished(() => removeTree(root));
  const home = path.join(root, 'home');
  const cache = path.join(home, 'go', 'pkg', 'mod');
  mkdirSync(path.join(cache, 'example.com'), { recursive: true });
  mkdirSync(path.join(root, 'elsewhere'), { recursive: true });
  return { root, home, cache };
}

const guardFor = (cache: string, home: string) =>
  PathGuard.create([{ label: 'module cache', path: cache }], home);

describe('PathGuard', () => {
  it('accepts paths strictly inside the resolved root, including ones that do not exist yet', async () => {
    const { home, cache } = await layout();
    const guard = guardFor(cache, home);
    expect(guard.check(path.join(cache, 'example.com', 'x@v1.0.0'))).toBe(
      path.join(cache, 'example.com', 'x@v1.0.0'),
    );
    expect(guard.check(path.join(cache, 'new', 'deeper'))).toBe(path.join(cache, 'new', 'deeper'));
  });

  it('refuses the root itself, anything outside it, and ".." escapes', async () => {
    const { root, home, cache } = await layout();
    const guard = guardFor(cache, home);
    for (const p of [
      cache,
      home,
      '/',
      path.join(root, 'elsewhere'),
      path.join(cache, '..', 'mod2'),
      path.join(cache, 'example.com', '..', '..'),
    ])
      expect(() => guard.check(p), p).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
  });

  it('resolves symlinks on the way: a link inside the cache pointing out is refused', async () => {
    const { root, home, cache } = await layout();
    symlinkSync(path.join(root, 'elsewhere'), path.join(cache, 'escape'));
    const guard = guardFor(cache, home);
    expect(() => guard.check(path.join(cache, 'escape', 'victim'))).toThrow(
      /not inside the module cache/,
    );
    // The link itself (last element, not followed) lies in the cache and may be moved.
    expect(guard.check(path.join(cache, 'escape'))).toBe(path.join(cache, 'escape'));
  });

  it('refuses roots that are /, the home folder, a parent of it, or a symlink to elsewhere', async () => {
    const { root, home, cache } = await layout();
    const check = (p: string) => () =>
      PathGuard.checkRoot({ label: 'module cache', path: p }, home);
    expect(check('/')).toThrow(/root of a file system/);
    expect(check(home)).toThrow(/your home folder/);
    expect(check(root)).toThrow(/parent of your home folder/);
    const link = path.join(root, 'linked');
    symlinkSync(cache, link);
    expect(check(link)).toThrow(/is a symlink to/);
    expect(check(cache)()).toBe(cache);
  });
});

describe('unsafeFolderReason: one rule for caches, restore targets and stores', () => {
  const posix = (p: string, home = '/home/me') => unsafeFolderReason(p, home, 'linux', {});
  const win = (p: string, home = 'C:\\Users\\me') => unsafeFolderReason(p, home, 'win32', {});

  it('refuses the root, the home folder, its parents and system folders (POSIX)', () => {
    expect(posix('/')).toBe('the root of a file system');
    expect(posix('/home/me')).toBe('your home folder');
    expect(posix('/home')).toBe('a parent of your home folder');
    expect(posix('/etc')).toBe('the system folder /etc');
    expect(posix('/etc/go')).toBe('inside the system folder /etc');
    expect(posix('/usr/bin/x')).toBe('inside the system folder /usr/bin');
    expect(posix('/usr')).toBe('the system folder /usr');
    expect(posix('/var')).toBe('the system folder /var');
    expect(posix('/private/etc/x')).toBe('inside the system folder /private/etc');
    // /dev/shm is scratch space everyone may write, like /tmp: only the folder itself is refused.
    expect(posix('/dev/x')).toBe('inside the system folder /dev');
    expect(posix('/dev/shm')).toBe('the system folder /dev/shm');
    expect(posix('/dev/shmx/q')).toBe('inside the system folder /dev');
    // Dedicated folders, also under /var, /usr/local, /tmp and the home folder, are fine.
    for (const ok of [
      '/home/me/go/pkg/mod',
      '/var/cache/go-build',
      '/usr/local/go/pkg/mod',
      '/tmp/mod',
      '/dev/shm/modvault-q',
      '/go/pkg/mod',
    ])
      expect(posix(ok), ok).toBeNull();
  });

  it('applies Windows rules on win32: drives, case-insensitive names, C:\\Windows, Program Files', () => {
    expect(win('C:\\')).toBe('the root of a file system');
    expect(win('D:\\')).toBe('the root of a file system');
    expect(win('c:\\users\\ME')).toBe('your home folder');
    expect(win('C:\\Users')).toBe('a parent of your home folder');
    expect(win('C:\\WINDOWS\\System32\\mod')).toBe('inside the system folder C:\\Windows');
    expect(win('C:\\Program Files\\Go\\pkg\\mod')).toBe(
      'inside the system folder C:\\Program Files',
    );
    expect(win('C:\\ProgramData')).toBe('the system folder C:\\ProgramData');
    expect(
      unsafeFolderReason('E:\\Win\\x', 'C:\\Users\\me', 'win32', { SystemRoot: 'E:\\Win' }),
    ).toBe('inside the system folder E:\\Win');
    expect(win('C:\\Users\\me\\go\\pkg\\mod')).toBeNull();
    expect(win('D:\\gomodcache')).toBeNull();
  });
});
