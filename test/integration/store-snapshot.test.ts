import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import { describe, expect, it } from 'vitest';
import type { SnapshotSummary, SnapshotVersion } from '../../shared/dto/store';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import { goCommand, writeProxy } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot, storeIndex, versionPaths } from '../helpers/store';
import { copyTree, removeTree } from '../helpers/temp';

const LIB = 'example.com/lib';

async function versionsOf(env: Record<string, string>, id: string): Promise<SnapshotVersion[]> {
  const res = await runCli(['snapshots', id, '--json'], { env });
  expect(res.code, res.stderr).toBe(0);
  return res.json<SnapshotVersion[]>();
}

/** Rewrites a version's zip with other contents (a tampered zip: its .ziphash no longer matches). */
async function tamperZip(file: string, prefix: string): Promise<void> {
  await chmod(file, 0o644);
  const zip = new ZipArchive();
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.pipe(out);
  });
  zip.append('package lib\n\nconst Evil = true\n', { name: `${prefix}lib.go` });
  await zip.finalize();
  await done;
}

describe('modvault snapshot', () => {
  it('stores every version verified, then snapshots an unchanged cache without reading it', async () => {
    const fx = await copyFixture();
    const first = await snapshot(fx);
    expect(first.code, first.stderr).toBe(0);
    const r = first.result;
    expect(r.id).toMatch(/^[0-9a-f]{8}$/);
    expect(r.versions).toBeGreaterThanOrEqual(FIXTURE_MODULES.length);
    expect(r.newVersions).toBe(r.versions);
    expect(r.bytesAdded).toBeGreaterThan(0);
    expect(r.storeBytes).toBeGreaterThan(r.bytesAdded);
    expect(r.problems).toEqual([]);

    const second = await snapshot(fx);
    expect(second.code, second.stderr).toBe(0);
    expect(second.result).toMatchObject({
      versions: r.versions,
      newVersions: 0,
      bytesAdded: 0,
      reread: 0,
      problems: [],
    });
    expect(second.result.id).not.toBe(r.id);

    const list = await runCli(['snapshots', '--json'], { env: fx.env });
    expect(list.code, list.stderr).toBe(0);
    const summaries = list.json<SnapshotSummary[]>();
    expect(summaries.map((s) => s.id)).toEqual([r.id, second.result.id]);
    for (const s of summaries) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'time', 'versions', 'bytes']));
      expect(new Date(s.time).toISOString()).toBe(s.time);
      expect(s.versions).toBe(r.versions);
      expect(s.bytes).toBe(r.bytes);
    }

    // Each version's h1 is the one Go recorded, and identical files are stored once.
    for (const m of FIXTURE_MODULES) {
      const v = (await versionsOf(fx.env, r.id)).find(
        (x) => x.path === m.path && x.version === m.version,
      )!;
      const ziphash = await readFile(
        versionPaths(fx.gomodcache, m.path, m.version).ziphash,
        'utf8',
      );
      expect(v).toMatchObject({
        source: 'zip',
        verified: true,
        h1: ziphash,
        hasMod: true,
        hasInfo: true,
      });
    }
    const db = storeIndex(fx.env.MODVAULT_STORE!);
    const files = db.prepare('SELECT count(*) FROM version_files').pluck().get() as number;
    const distinct = db
      .prepare('SELECT count(DISTINCT blob_id) FROM version_files')
      .pluck()
      .get() as number;
    expect(distinct).toBeLessThan(files);
    // The extra files: every list file, and never a lock file.
    const extra = db.prepare('SELECT path FROM file_set_items').pluck().all() as string[];
    expect(extra).toContain('cache/download/example.com/lib/@v/list');
    expect(extra.some((p) => p.endsWith('.lock') || p === 'cache/lock')).toBe(false);

    const check = await runCli(['check', '--read-data'], { env: fx.env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('reads only what is new: a new version of a known module adds just its changed files', async () => {
    const fx = await copyFixture();
    const first = await snapshot(fx);
    expect(first.code, first.stderr).toBe(0);
    const lib = FIXTURE_MODULES.find((m) => m.path === LIB && m.version === 'v1.1.0')!;
    const next = {
      ...lib,
      version: 'v1.3.0',
      files: { ...lib.files, 'lib.go': 'package lib\n\nconst Version = "v1.3.0"\n' },
    };
    await writeProxy(fx.proxyDir, [next]);
    await goCommand(['mod', 'download', `${LIB}@v1.3.0`], {
      cwd: path.join(fx.root, 'download-only'),
      env: fx.env,
    });

    const second = await snapshot(fx);
    expect(second.code, second.stderr).toBe(0);
    expect(second.result).toMatchObject({
      versions: first.result.versions + 1,
      newVersions: 1,
      reread: 1,
    });
    // lib.go, the new .mod/.info, and the list file: a few hundred bytes, not the module again.
    expect(second.result.bytesAdded).toBeGreaterThan(0);
    expect(second.result.bytesAdded).toBeLessThan(2000);

    // A version deleted from the cache and downloaded again is read (its files changed), not stored again.
    const p = versionPaths(fx.gomodcache, LIB, 'v1.3.0');
    await removeTree(p.tree);
    for (const f of [p.zip, p.ziphash, p.mod, p.info]) await rm(f);
    await goCommand(['mod', 'download', `${LIB}@v1.3.0`], {
      cwd: path.join(fx.root, 'download-only'),
      env: fx.env,
    });
    const third = await snapshot(fx);
    expect(third.result).toMatchObject({ newVersions: 0, reread: 1, bytesAdded: 0, problems: [] });

    // The same cache seen from another store-less angle (moved elsewhere): nothing is read.
    const moved = path.join(fx.root, 'moved-cache');
    await copyTree(fx.gomodcache, moved);
    const fourth = await snapshot(fx, ['--gomodcache', moved]);
    expect(fourth.result).toMatchObject({
      versions: third.result.versions,
      newVersions: 0,
      reread: 0,
      bytesAdded: 0,
    });
  });

  it('reports a zip that does not match its .ziphash, and keeps the last good copy', async () => {
    const fx = await copyFixture();
    const good = await snapshot(fx);
    const p = versionPaths(fx.gomodcache, LIB, 'v1.1.0');
    const h1 = await readFile(p.ziphash, 'utf8');
    await tamperZip(p.zip, `${LIB}@v1.1.0/`);

    const after = await snapshot(fx);
    expect(after.code).toBe(1);
    expect(after.result.problems).toEqual([
      expect.objectContaining({
        path: LIB,
        version: 'v1.1.0',
        kind: 'zip-mismatch',
        file: p.zip,
        keptFrom: good.result.id,
      }),
    ]);
    const kept = (await versionsOf(fx.env, after.result.id)).find(
      (v) => v.path === LIB && v.version === 'v1.1.0',
    );
    expect(kept?.h1).toBe(h1);

    // In a store that never saw the good zip, the damaged version is simply not stored.
    const fresh = await snapshot(fx, ['--store', path.join(fx.root, 'fresh-store')]);
    expect(fresh.code).toBe(1);
    expect(fresh.result.problems[0]).toMatchObject({ kind: 'zip-mismatch', keptFrom: null });
    expect(fresh.result.versions).toBe(good.result.versions - 1);
  });

  it('backs up a version without a zip from its extracted tree, checked against .ziphash', async () => {
    const fx = await copyFixture();
    const p = versionPaths(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0');
    const h1 = await readFile(p.ziphash, 'utf8');
    await rm(p.zip);
    const r = await snapshot(fx);
    expect(r.code, r.stderr).toBe(0);
    const v = (await versionsOf(fx.env, r.result.id)).find(
      (x) => x.path === 'example.com/Upper/Case' && x.version === 'v1.1.0',
    );
    expect(v).toMatchObject({ source: 'tree', verified: true, h1, fileCount: 3 });

    // A tree that does not match its .ziphash is reported (and keeps the copy just stored).
    await chmod(p.tree, 0o755);
    await chmod(path.join(p.tree, 'case.go'), 0o644);
    await writeFile(path.join(p.tree, 'case.go'), 'package Case\n// changed\n');
    const bad = await snapshot(fx, ['--store', path.join(fx.root, 'other-store')]);
    expect(bad.result.problems).toEqual([
      expect.objectContaining({ kind: 'tree-mismatch', path: 'example.com/Upper/Case' }),
    ]);
  });

  it('keeps versions of which only .mod and .info are cached', async () => {
    const fx = await copyFixture();
    const p = versionPaths(
      fx.gomodcache,
      'example.com/pseudo',
      'v0.0.0-20240101120000-abcdef123456',
    );
    await rm(p.zip);
    await rm(p.ziphash);
    await removeTree(p.tree);
    const r = await snapshot(fx);
    expect(r.code, r.stderr).toBe(0);
    const v = (await versionsOf(fx.env, r.result.id)).find((x) => x.path === 'example.com/pseudo');
    expect(v).toMatchObject({ source: 'none', h1: '', hasMod: true, hasInfo: true, fileCount: 0 });
  });

  it('keeps sumdb files inside and outside the module cache', async () => {
    const fx = await copyFixture();
    const outside = path.join(fx.gopath, 'pkg', 'sumdb', 'sum.golang.org');
    const inside = path.join(
      fx.gomodcache,
      'cache',
      'download',
      'sumdb',
      'sum.golang.org',
      'lookup',
    );
    await mkdir(outside, { recursive: true });
    await mkdir(inside, { recursive: true });
    await writeFile(path.join(outside, 'latest'), 'go.sum database tree\n42\n');
    await writeFile(
      path.join(inside, 'example.com!lib@v1.0.0'),
      '123\nexample.com/lib v1.0.0 h1:x\n',
    );
    await writeFile(path.join(inside, 'x.lock'), '');
    const r = await snapshot(fx);
    expect(r.code, r.stderr).toBe(0);
    const db = storeIndex(fx.env.MODVAULT_STORE!);
    const files = db
      .prepare("SELECT area || ':' || path FROM file_set_items")
      .pluck()
      .all() as string[];
    expect(files).toContain('sumdb:sum.golang.org/latest');
    expect(files).toContain(
      'modcache:cache/download/sumdb/sum.golang.org/lookup/example.com!lib@v1.0.0',
    );
    expect(files.some((f) => f.endsWith('x.lock'))).toBe(false);
  });

  it('with --gocache, records the Go version and platform and leaves trim.txt out', async () => {
    const fx = await copyFixture();
    const r = await snapshot(fx, ['--gocache']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result.buildCache).toMatchObject({
      gocache: fx.gocache,
      goVersion: expect.stringMatching(/^go1\./),
      goos: 'linux',
    });
    expect(r.result.buildCache!.files).toBeGreaterThan(10);
    const db = storeIndex(fx.env.MODVAULT_STORE!);
    const files = db
      .prepare("SELECT path FROM file_set_items WHERE area = 'gocache'")
      .pluck()
      .all() as string[];
    expect(files.length).toBe(r.result.buildCache!.files);
    expect(files).not.toContain('trim.txt');
    expect(files.some((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}-[ad]$/.test(f))).toBe(true);
    const again = await snapshot(fx, ['--gocache']);
    expect(again.result).toMatchObject({ bytesAdded: 0, newVersions: 0 });
  });

  it('refuses to snapshot a module cache that does not exist', async () => {
    const fx = await copyFixture();
    const res = await runCli(['snapshot', '--gomodcache', path.join(fx.root, 'nope')], {
      env: fx.env,
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/does not exist: there is nothing to back up/);
  });
});
