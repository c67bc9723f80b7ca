import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModuleVersionInfo, ScanReport, VerifyReport } from '../../shared/dto/cache';
import type { Mod } from '../helpers/cache-damage';
import {
  cachePaths,
  deleteFile,
  deleteTree,
  editTreeFile,
  goBuild,
  goModVerify,
  LIB_V1,
  scan,
  tamperedZip,
  verify,
} from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';
import { go, offline } from '../helpers/go';
import { copyTree } from '../helpers/temp';
import { askGo, xmodOracleBinary } from '../helpers/xmod-oracle';

// Every damaged state of GO-CACHE.md, produced for real on a copy of a cache the go command
// built, reported by `modvault scan` and `modvault verify`, and — where GO-CACHE.md says what
// `go build` does — checked against the go command itself (GOPROXY=off).

const find = (r: ScanReport, m: Mod): ModuleVersionInfo =>
  r.modules.find((x) => x.path === m.path && x.version === m.version)!;
const kinds = (r: VerifyReport, m: Mod) =>
  r.problems
    .filter((p) => p.path === m.path && p.version === m.version)
    .map((p) => p.kind)
    .sort();

describe('a pristine cache', () => {
  it('scans clean, verifies clean (deep, against both projects), and go agrees', async () => {
    const fx = await copyFixture();
    const s = await scan(fx);
    expect(s.code, s.stderr).toBe(0);
    expect(s.report!.modules.map((m) => m.state)).toEqual(s.report!.modules.map(() => 'ok'));
    const v = await verify(fx, [
      '--deep',
      '--project',
      fx.projects.alpha,
      '--project',
      fx.projects.beta,
    ]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.report!.problems).toEqual([]);
    expect(v.report!.checked).toBe(8);
    for (const p of ['alpha', 'beta'] as const) {
      const g = await goModVerify(fx, p);
      expect(g.stdout + g.stderr).toMatch(/all modules verified/);
    }
  });
});

describe('damaged states (GO-CACHE.md)', () => {
  it('tree deleted → zip-only, normal; go re-extracts it offline', async () => {
    const fx = await copyFixture();
    await deleteTree(fx, LIB_V1);
    const s = await scan(fx);
    expect(s.code).toBe(0);
    expect(find(s.report!, LIB_V1)).toMatchObject({
      state: 'zip-only',
      zip: true,
      extracted: false,
    });
    expect(find(s.report!, LIB_V1).treeBytes).toBeGreaterThan(4096);
    const v = await verify(fx, ['--deep']);
    expect(v.code).toBe(0);
    expect(kinds(v.report!, LIB_V1)).toEqual([]);
    const b = await goBuild(fx, 'beta');
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(cachePaths(fx, LIB_V1).tree)).toBe(true);
    expect(find((await scan(fx)).report!, LIB_V1).state).toBe('ok');
  });

  it('.partial left over → partial; go removes the tree and re-extracts', async () => {
    const fx = await copyFixture();
    await writeFile(cachePaths(fx, LIB_V1).file('partial'), '');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(find(s.report!, LIB_V1).state).toBe('partial');
    const v = await verify(fx);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['partial']);
    const b = await goBuild(fx, 'beta');
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(cachePaths(fx, LIB_V1).file('partial'))).toBe(false);
    expect(find((await scan(fx)).report!, LIB_V1).state).toBe('ok');
  });

  it('.ziphash missing → a note only; go recomputes it offline', async () => {
    const fx = await copyFixture();
    const original = await readFile(cachePaths(fx, LIB_V1).file('ziphash'), 'utf8');
    await deleteFile(fx, LIB_V1, 'ziphash');
    const s = await scan(fx);
    expect(s.code).toBe(0);
    expect(find(s.report!, LIB_V1)).toMatchObject({ state: 'ok', ziphash: null });
    const v = await verify(fx);
    expect(v.code).toBe(0);
    expect(kinds(v.report!, LIB_V1)).toEqual(['ziphash-missing']);
    const b = await goBuild(fx, 'beta');
    expect(b.code, b.stderr).toBe(0);
    expect(await readFile(cachePaths(fx, LIB_V1).file('ziphash'), 'utf8')).toBe(original);
  });

  it('.ziphash garbage → corrupt; go recomputes it offline', async () => {
    const fx = await copyFixture();
    await writeFile(cachePaths(fx, LIB_V1).file('ziphash'), 'garbage');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(find(s.report!, LIB_V1)).toMatchObject({ state: 'corrupt', ziphash: null });
    expect(find(s.report!, LIB_V1).problems.map((p) => p.kind)).toEqual(['ziphash-invalid']);
    const v = await verify(fx);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['ziphash-invalid']);
    const b = await goBuild(fx, 'beta');
    expect(b.code, b.stderr).toBe(0);
    expect(await readFile(cachePaths(fx, LIB_V1).file('ziphash'), 'utf8')).toMatch(/^h1:/);
  });

  it('.ziphash with a trailing newline → fine, as for go', async () => {
    const fx = await copyFixture();
    const file = cachePaths(fx, LIB_V1).file('ziphash');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original + '\n');
    const s = await scan(fx);
    expect(s.code, JSON.stringify(find(s.report!, LIB_V1))).toBe(0);
    expect(find(s.report!, LIB_V1)).toMatchObject({ state: 'ok', ziphash: original });
    const v = await verify(fx, ['--project', fx.projects.beta]);
    expect(v.code).toBe(0);
    expect(kinds(v.report!, LIB_V1)).toEqual([]);
    expect((await goBuild(fx, 'beta')).code).toBe(0);
  });

  it('.ziphash well-formed but wrong → zip-mismatch; go: checksum mismatch, SECURITY ERROR', async () => {
    const fx = await copyFixture();
    await writeFile(
      cachePaths(fx, LIB_V1).file('ziphash'),
      'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    const v = await verify(fx);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['zip-mismatch']);
    const vp = await verify(fx, ['--project', fx.projects.beta]);
    expect(kinds(vp.report!, LIB_V1)).toEqual(['gosum-mismatch', 'zip-mismatch']);
    const b = await goBuild(fx, 'beta');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/verifying example\.com\/lib@v1\.0\.0: checksum mismatch/);
    expect(b.stderr).toMatch(/SECURITY ERROR/);
  });

  it('zip and .ziphash gone, tree present → tree-only; go needs the network', async () => {
    const fx = await copyFixture();
    await deleteFile(fx, LIB_V1, 'zip');
    await deleteFile(fx, LIB_V1, 'ziphash');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    const info = find(s.report!, LIB_V1);
    expect(info).toMatchObject({ state: 'tree-only', zip: false, extracted: true, zipBytes: 0 });
    expect(info.treeBytes).toBeGreaterThan(4096);
    const v = await verify(fx, ['--deep', '--project', fx.projects.beta]);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['tree-only']);
    const b = await goBuild(fx, 'beta');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/module lookup disabled by GOPROXY=off/);
  });

  it('truncated zip, tree missing → corrupt (unreadable zip); go: not a valid zip file, no healing', async () => {
    const fx = await copyFixture();
    const zip = cachePaths(fx, LIB_V1).file('zip');
    await writeFile(zip, (await readFile(zip)).subarray(0, 100));
    await deleteTree(fx, LIB_V1);
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(find(s.report!, LIB_V1).state).toBe('corrupt');
    expect(find(s.report!, LIB_V1).problems.map((p) => p.kind)).toEqual(['zip-unreadable']);
    const v = await verify(fx);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['zip-unreadable']);
    for (let i = 0; i < 2; i++) {
      const b = await goBuild(fx, 'beta');
      expect(b.code).toBe(1);
      expect(b.stderr).toMatch(/zip: not a valid zip file/);
    }
  });

  it('zip content tampered, .ziphash intact → zip-mismatch; go extracts and builds with it', async () => {
    const fx = await copyFixture();
    const bad = await tamperedZip(fx, LIB_V1, 'lib.go', ['Version is', 'TAMPERED: Version is']);
    await writeFile(cachePaths(fx, LIB_V1).file('zip'), bad);
    await deleteTree(fx, LIB_V1);
    const v = await verify(fx);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['zip-mismatch']);
    const vp = await verify(fx, ['--project', fx.projects.beta]);
    expect(kinds(vp.report!, LIB_V1)).toEqual(['gosum-mismatch', 'zip-mismatch']);
    expect(vp.report!.problems.find((p) => p.kind === 'gosum-mismatch')!.detail).toMatch(/^zip /);
    const b = await goBuild(fx, 'beta');
    expect(b.code, b.stderr).toBe(0);
    expect(await readFile(path.join(cachePaths(fx, LIB_V1).tree, 'lib.go'), 'utf8')).toMatch(
      /TAMPERED/,
    );
    const g = await goModVerify(fx, 'beta');
    expect(g.stdout + g.stderr).toMatch(/zip has been modified/);
  });

  it('zip and .ziphash tampered consistently → go mod verify passes; verify --project does not', async () => {
    const fx = await copyFixture();
    const { file } = cachePaths(fx, LIB_V1);
    await writeFile(
      file('zip'),
      await tamperedZip(fx, LIB_V1, 'lib.go', ['Version is', 'EVIL: Version is']),
    );
    const [goHash] = askGo(xmodOracleBinary(), [{ op: 'hashZip', args: [file('zip')] }]);
    await writeFile(file('ziphash'), goHash!.value);
    await deleteTree(fx, LIB_V1);

    const g = await goModVerify(fx, 'beta');
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/all modules verified/);
    const plain = await verify(fx, ['--deep']);
    expect(kinds(plain.report!, LIB_V1)).toEqual([]);
    const v = await verify(fx, ['--project', fx.projects.beta]);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['gosum-mismatch']);
    expect(v.report!.problems[0]!.detail).toMatch(/possible tampering/);

    const b = await goBuild(fx, 'beta');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/checksum mismatch/);
    // ...after leaving the tampered tree on disk.
    expect(await readFile(path.join(cachePaths(fx, LIB_V1).tree, 'lib.go'), 'utf8')).toMatch(
      /EVIL/,
    );
  });

  it('.mod missing → corrupt; go needs the network even with the tree present', async () => {
    const fx = await copyFixture();
    await deleteFile(fx, LIB_V1, 'mod');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(find(s.report!, LIB_V1)).toMatchObject({ state: 'corrupt', mod: false });
    expect(find(s.report!, LIB_V1).problems.map((p) => p.kind)).toEqual(['mod-missing']);
    const v = await verify(fx);
    expect(kinds(v.report!, LIB_V1)).toEqual(['mod-missing']);
    const b = await goBuild(fx, 'beta');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/module lookup disabled by GOPROXY=off/);
  });

  it('.info unparsable → corrupt; fine for go build, but go list -m fails offline', async () => {
    const fx = await copyFixture();
    await writeFile(cachePaths(fx, LIB_V1).file('info'), '{"Version":');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(find(s.report!, LIB_V1).state).toBe('corrupt');
    expect(find(s.report!, LIB_V1).reason).toMatch(/unparsable \.info/);
    const v = await verify(fx);
    expect(kinds(v.report!, LIB_V1)).toEqual(['info-invalid']);
    expect((await goBuild(fx, 'beta')).code).toBe(0);
    const list = await go(['list', '-m', 'example.com/lib@v1.0.0'], {
      cwd: fx.projects.beta,
      env: offline(fx.env),
    });
    expect(list.code).toBe(1);
  });

  it('*.tmp files and *.tmp-* dirs → leftovers', async () => {
    const fx = await copyFixture();
    const { atV, tree } = cachePaths(fx, LIB_V1);
    await writeFile(path.join(atV, 'v1.0.0.zip123456789.tmp'), 'partial download');
    await writeFile(path.join(atV, 'v1.0.0.info.tmp'), '{}');
    await mkdir(`${tree}.tmp-4242`);
    await writeFile(`${tree}.tmp-4242/lib.go`, 'half extracted');
    const s = await scan(fx);
    expect(s.code).toBe(1);
    expect(s.report!.leftovers.map((l) => [path.basename(l.path), l.kind]).sort()).toEqual([
      ['lib@v1.0.0.tmp-4242', 'tmp-dir'],
      ['v1.0.0.info.tmp', 'tmp-file'],
      ['v1.0.0.zip123456789.tmp', 'tmp-file'],
    ]);
    expect(s.report!.totals.leftoverBytes).toBe(
      'partial download'.length + 2 + 'half extracted'.length,
    );
    expect(find(s.report!, LIB_V1).state).toBe('ok');
    const v = await verify(fx);
    expect(v.code).toBe(0);
    expect(v.report!.problems.map((p) => p.kind)).toEqual(['leftover', 'leftover', 'leftover']);
  });

  it('a file of the tree modified → tree-mismatch (a tree never verified is hashed by the default check too); go mod verify agrees', async () => {
    const fx = await copyFixture();
    await editTreeFile(fx, LIB_V1, 'internal/deep/deep.go', '\n// edited in place\n');
    const shallow = await verify(fx);
    expect(shallow.code).toBe(1);
    expect(kinds(shallow.report!, LIB_V1)).toEqual(['tree-mismatch']);
    const deep = await verify(fx, ['--deep']);
    expect(deep.code).toBe(1);
    expect(kinds(deep.report!, LIB_V1)).toEqual(['tree-mismatch']);
    const g = await goModVerify(fx, 'beta');
    expect(g.stdout + g.stderr).toMatch(/dir has been modified/);
  });

  it('two projects whose go.sum disagree → gosum-conflict naming both', async () => {
    const fx = await copyFixture();
    const gamma = path.join(fx.root, 'projects', 'gamma');
    await copyTree(fx.projects.beta, gamma);
    const sum = path.join(gamma, 'go.sum');
    await writeFile(
      sum,
      (await readFile(sum, 'utf8')).replace(
        /^(example\.com\/lib v1\.0\.0 )h1:\S+$/m,
        '$1h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=',
      ),
    );
    const v = await verify(fx, ['--project', fx.projects.beta, '--project', gamma]);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['gosum-conflict', 'gosum-mismatch']);
    const conflict = v.report!.problems.find((p) => p.kind === 'gosum-conflict')!;
    expect(conflict.projects.sort()).toEqual([fx.projects.beta, gamma].sort());
    expect(v.report!.problems.find((p) => p.kind === 'gosum-mismatch')!.projects).toEqual([gamma]);
  });

  it('.mod differing from go.sum → mod-mismatch; go refuses it too', async () => {
    const fx = await copyFixture();
    const mod = cachePaths(fx, LIB_V1).file('mod');
    await writeFile(mod, (await readFile(mod, 'utf8')) + '\nrequire example.com/evil v1.0.0\n');
    const v = await verify(fx, ['--project', fx.projects.beta]);
    expect(v.code).toBe(1);
    expect(kinds(v.report!, LIB_V1)).toEqual(['mod-mismatch']);
    const b = await goBuild(fx, 'beta');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/go\.mod: checksum mismatch/);
  });

  it('a version with only its .lock file (an aborted download) is not listed', async () => {
    const fx = await copyFixture();
    await writeFile(path.join(cachePaths(fx, LIB_V1).atV, 'v9.9.9.lock'), '');
    const s = await scan(fx);
    expect(s.code).toBe(0);
    expect(s.report!.modules.some((m) => m.version === 'v9.9.9')).toBe(false);
  });
});
