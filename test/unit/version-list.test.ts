import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rewriteVersionList, versionListText } from '../../electron/engine/gomod/version-list';
import { removeTree, tempDir } from '../helpers/temp';

describe("the @v/list file, as Go's rewriteVersionList writes it", () => {
  it('lists canonical versions that have a .mod, semver-sorted; escaped upper-case versions are left out', () => {
    const names = [
      'v1.10.0.mod',
      'v1.2.0.mod',
      'v1.2.0.zip',
      'v1.2.0-rc.1.mod',
      'v2.0.0+incompatible.mod',
      'v1.2.0-!r!c.1.mod',
      'v1.3.0.info',
      'v1.4.mod',
      'list',
      'v1.0.0.lock',
    ];
    expect(versionListText(names)).toBe('v1.2.0-rc.1\nv1.2.0\nv1.10.0\nv2.0.0+incompatible\n');
  });

  it('rewrites in place only when the content changes', async () => {
    const dir = await tempDir('modvault-list-');
    onTestFinished(() => removeTree(dir));
    const at = path.join(dir, '@v');
    mkdirSync(at);
    for (const n of ['v1.0.0.mod', 'v1.1.0.mod']) writeFileSync(path.join(at, n), 'module x\n');
    writeFileSync(path.join(at, 'list'), 'v1.0.0\nv1.1.0\nv1.2.0\n');
    expect(await rewriteVersionList(at)).toBe(true);
    expect(readFileSync(path.join(at, 'list'), 'utf8')).toBe('v1.0.0\nv1.1.0\n');
    expect(await rewriteVersionList(at)).toBe(false);
  });
});
