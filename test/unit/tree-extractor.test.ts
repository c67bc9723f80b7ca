import { existsSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheLayout } from '../../electron/engine/gomod/layout';
import { TreeExtractor } from '../../electron/engine/gomod/tree-extractor';
import { VersionLocks } from '../../electron/engine/gomod/version-lock';
import { FileLocker } from '../../electron/engine/platform/file-lock';
import { nodeFsOps } from '../../electron/engine/platform/fs-ops';
import { ProcLister } from '../../electron/engine/platform/process-list';
import { ToolchainProcesses } from '../../electron/engine/platform/toolchain-processes';
import { TreeOps } from '../../electron/engine/platform/tree-ops';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import { writeProxy } from '../fixtures/go-fixture';
import { downloadFile, tamperZip, treeDir } from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';
import { treeSnapshot } from '../helpers/tree-snapshot';

function extractor() {
  const trees = new TreeOps({ ops: nodeFsOps, platform: 'linux' });
  const locks = new VersionLocks(
    new FileLocker('linux'),
    new ToolchainProcesses(new ProcLister(), 0),
  );
  return new TreeExtractor(trees, locks);
}

const lib = { path: 'example.com/lib', version: 'v1.1.0' };

describe('TreeExtractor', () => {
  it('extracts exactly the tree go extracted: same bytes, files 0444, dirs 0555, no .partial or temp dir left', async () => {
    const fx = await copyFixture();
    const dir = treeDir(fx.gomodcache, lib.path, lib.version);
    const goTree = treeSnapshot(dir);
    renameSync(dir, `${dir}.by-go`);
    const result = await extractor().extract(new CacheLayout(fx.gomodcache), lib, {
      cacheRW: false,
    });
    expect(result).toMatchObject({ dir, extracted: true, files: 6 });
    expect(treeSnapshot(dir)).toEqual(goTree);
    expect(statSync(dir).mode & 0o777).toBe(0o555);
    expect(existsSync(downloadFile(fx.gomodcache, lib.path, lib.version, 'partial'))).toBe(false);
    expect(readdirSync(path.dirname(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('leaves a complete tree alone, replaces a partial one, and honours -modcacherw', async () => {
    const fx = await copyFixture();
    const layout = new CacheLayout(fx.gomodcache);
    expect((await extractor().extract(layout, lib, { cacheRW: false })).extracted).toBe(false);
    writeFileSync(downloadFile(fx.gomodcache, lib.path, lib.version, 'partial'), '');
    const dir = treeDir(fx.gomodcache, lib.path, lib.version);
    const stale = `${dir}.tmp-123456`;
    writeFileSync(stale, 'left by an old go');
    const r = await extractor().extract(layout, lib, { cacheRW: true });
    expect(r.extracted).toBe(true);
    expect(statSync(dir).mode & 0o200).toBe(0o200);
    expect(statSync(path.join(dir, 'lib.go')).mode & 0o777).toBe(0o444);
    expect(existsSync(stale)).toBe(false);
  });

  it('keeps nothing when the content does not hash to the expected h1', async () => {
    const fx = await copyFixture();
    const dir = treeDir(fx.gomodcache, lib.path, lib.version);
    renameSync(dir, `${dir}.by-go`);
    await tamperZip(fx.gomodcache, lib.path, lib.version, 'lib.go');
    const good = readdirSync(path.dirname(dir));
    await expect(
      extractor().extract(new CacheLayout(fx.gomodcache), lib, {
        cacheRW: false,
        expectedH1: 'h1:jc+FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y=',
      }),
    ).rejects.toMatchObject({ code: 'CORRUPT' });
    expect(readdirSync(path.dirname(dir))).toEqual(good);
    expect(existsSync(downloadFile(fx.gomodcache, lib.path, lib.version, 'partial'))).toBe(false);
  });

  it("refuses a zip that breaks Go's module zip rules (entries outside the module)", async () => {
    const fx = await copyFixture();
    const m = FIXTURE_MODULES.find((x) => x.path === lib.path && x.version === lib.version)!;
    const proxy = path.join(fx.root, 'hostile');
    await writeProxy(proxy, [{ ...m, files: { ...m.files, '../../escape.go': 'package evil\n' } }]);
    const dir = treeDir(fx.gomodcache, lib.path, lib.version);
    renameSync(dir, `${dir}.by-go`);
    await expect(
      extractor().extract(new CacheLayout(fx.gomodcache), lib, {
        cacheRW: false,
        zipPath: path.join(proxy, 'example.com', 'lib', '@v', 'v1.1.0.zip'),
      }),
    ).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/not clean/) });
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(path.join(fx.gomodcache, 'escape.go'))).toBe(false);
  });
});
