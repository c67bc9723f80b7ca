import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PathGuard } from '../../electron/engine/platform/path-guard';
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
