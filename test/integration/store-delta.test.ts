import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PushResult, RemoteRestoreResult } from '../../shared/dto/remote';
import type { CheckResult, RepairResult } from '../../shared/dto/store';
import type { FixtureModule } from '../fixtures/fixture-modules';
import type { GoFixture } from '../fixtures/go-fixture';
import { goCommand, writeProxy } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { go } from '../helpers/go';
import { addRemote, freshPrefix, ok, remoteEnv } from '../helpers/remote';
import { deleteCacheAsUser, restore } from '../helpers/restore';
import { haveS3Server, S3Server } from '../helpers/s3-server';
import { snapshot, storeIndex, versionPaths } from '../helpers/store';
import { treeSnapshot } from '../helpers/tree-snapshot';
import { removeTree } from '../helpers/temp';

const MOD = 'example.com/delta';

/** A Go file of about 20 KB, different in every line (so deflate alone keeps most of it). */
function bigSource(extra = ''): string {
  const lines = ['package delta', ''];
  for (let i = 0; i < 400; i++)
    lines.push(`func F${i}(x int) int { return x*${(i * 7919) % 1013} + ${(i * 104729) % 997} }`);
  return lines.join('\n') + '\n' + extra;
}

function version(v: string, extra: string): FixtureModule {
  return {
    path: MOD,
    version: v,
    time: '2024-03-04T05:06:07Z',
    files: {
      'go.mod': `module ${MOD}\n\ngo 1.18\n`,
      'big.go': bigSource(extra),
      'same.go': 'package delta\n\nconst Same = 1\n',
    },
  };
}

async function addVersion(fx: GoFixture, m: FixtureModule): Promise<void> {
  await writeProxy(fx.proxyDir, [m]);
  await goCommand(['mod', 'download', `${m.path}@${m.version}`], {
    cwd: path.join(fx.root, 'download-only'),
    env: fx.env,
  });
}

interface BlobRow {
  id: number;
  codec: number;
  stored: number;
  size: number;
  base: number | null;
}

function bigBlob(storeDir: string, v: string): BlobRow {
  return storeIndex(storeDir)
    .prepare(
      `SELECT b.id, b.codec, b.stored_size AS stored, b.size,
         (SELECT base_id FROM blob_bases WHERE blob_id = b.id) AS base
       FROM module_versions mv JOIN version_files f ON f.version_id = mv.id
         JOIN blobs b ON b.id = f.blob_id
       WHERE mv.path = ? AND mv.version = ? AND f.name = 'big.go'`,
    )
    .get(MOD, v) as BlobRow;
}

async function check(fx: GoFixture): Promise<CheckResult> {
  const res = await runCli(['check', '--read-data', '--json'], { env: fx.env });
  return res.json<CheckResult>();
}

/** `go mod verify` offline of a project requiring the version: Go checks zip and tree against .ziphash. */
async function goVerifies(fx: GoFixture, v: string): Promise<void> {
  const dir = path.join(fx.root, `verify-${v}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'go.mod'),
    `module example.com/v\n\ngo 1.18\n\nrequire ${MOD} ${v}\n`,
  );
  const r = await go(['mod', 'verify'], {
    cwd: dir,
    env: { ...fx.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GOSUMDB: 'off' },
  });
  expect(r.stdout + r.stderr).toContain('all modules verified');
}

/** A store whose v1.1.0 big.go is a delta against v1.0.0's: both versions in the cache. */
async function twoVersions(): Promise<{
  fx: GoFixture;
  store: string;
  base: BlobRow;
  delta: BlobRow;
}> {
  const fx = await copyFixture();
  const store = fx.env.MODVAULT_STORE!;
  await addVersion(fx, version('v1.0.0', ''));
  expect((await snapshot(fx)).result.problems).toEqual([]);
  await addVersion(fx, version('v1.1.0', '// revision v1.1.0\n'));
  expect((await snapshot(fx)).result.problems).toEqual([]);
  const delta = bigBlob(store, 'v1.1.0');
  const base = bigBlob(store, 'v1.0.0');
  expect(delta).toMatchObject({ codec: 2, base: base.id });
  return { fx, store, base, delta };
}

function packOf(store: string, id: number): { pack: string; offset: number; stored: number } {
  return storeIndex(store)
    .prepare(
      'SELECT p.name AS pack, b.offset, b.stored_size AS stored FROM blobs b JOIN packs p ON p.id = b.pack_id WHERE b.id = ?',
    )
    .get(id) as { pack: string; offset: number; stored: number };
}

/** Flips a byte near the end of a blob's stored bytes (inside its deflate stream). */
async function flipByte(store: string, id: number): Promise<void> {
  const w = packOf(store, id);
  const f = await open(path.join(store, 'packs', w.pack), 'r+');
  const at = w.offset + w.stored - 2;
  const b = Buffer.alloc(1);
  await f.read(b, 0, 1, at);
  b[0] = b[0]! ^ 0xff;
  await f.write(b, 0, 1, at);
  await f.close();
}

async function dropFromCache(fx: GoFixture, v: string): Promise<void> {
  const p = versionPaths(fx.gomodcache, MOD, v);
  for (const f of [p.zip, p.ziphash, p.mod, p.info]) await rm(f, { force: true });
  await removeTree(p.tree);
}

/** The cache is deleted and the newest snapshot restored in full: v1.1.0 byte for byte, Go accepts it. */
async function restoresNewest(fx: GoFixture): Promise<void> {
  const tree = path.join(fx.gomodcache, `${MOD}@v1.1.0`);
  const before = treeSnapshot(tree);
  await removeTree(fx.gomodcache);
  const r = await restore(fx, ['--mode', 'full']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.result).toMatchObject({ failed: [], mismatches: [] });
  expect(treeSnapshot(tree)).toEqual(before);
  expect(readFileSync(path.join(tree, 'big.go'), 'utf8')).toBe(bigSource('// revision v1.1.0\n'));
  await goVerifies(fx, 'v1.1.0');
}

describe('delta blobs (codec DeflateDict)', () => {
  it('stores a changed file as a delta against the stored version, restores and checks it, and prune keeps its base', async () => {
    const fx = await copyFixture();
    const store = fx.env.MODVAULT_STORE!;
    await addVersion(fx, version('v1.0.0', ''));
    expect((await snapshot(fx)).result.problems).toEqual([]);
    const v1 = bigBlob(store, 'v1.0.0');
    expect(v1).toMatchObject({ codec: 1, base: null });

    await addVersion(fx, version('v1.1.0', '// revision v1.1.0\n'));
    expect((await snapshot(fx)).result.problems).toEqual([]);
    const v2 = bigBlob(store, 'v1.1.0');
    expect(v2.codec).toBe(2);
    expect(v2.base).toBe(v1.id);
    // The delta names its base and holds little more than the appended line.
    expect(v2.stored).toBeLessThan(v1.stored / 10);
    expect(await check(fx)).toMatchObject({ ok: true, problems: [] });

    // The base's only version leaves the cache, every snapshot holding it is forgotten, and the
    // space is reclaimed: the base stays, because a live delta needs it.
    const p1 = versionPaths(fx.gomodcache, MOD, 'v1.0.0');
    for (const f of [p1.zip, p1.ziphash, p1.mod, p1.info]) await rm(f, { force: true });
    await removeTree(p1.tree);
    const third = await snapshot(fx);
    const older = (await runCli(['snapshots', '--json'], { env: fx.env }))
      .json<{ id: string }[]>()
      .map((s) => s.id)
      .filter((id) => id !== third.result.id);
    const forget = await runCli(['forget', ...older, '--prune', '--json'], { env: fx.env });
    expect(forget.code, forget.stderr).toBe(0);
    const gone = storeIndex(store)
      .prepare("SELECT count(*) AS n FROM module_versions WHERE path = ? AND version = 'v1.0.0'")
      .get(MOD) as { n: number };
    expect(gone.n).toBe(0);
    expect(storeIndex(store).prepare('SELECT id FROM blobs WHERE id = ?').get(v1.id)).toBeDefined();
    expect(await check(fx)).toMatchObject({ ok: true, problems: [] });

    // Full restore: the tree byte for byte, the zip accepted by Go.
    const tree = path.join(fx.gomodcache, `${MOD}@v1.1.0`);
    const before = treeSnapshot(tree);
    await removeTree(fx.gomodcache);
    const r = await restore(fx, ['--mode', 'full']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ failed: [], mismatches: [] });
    expect(r.result.verified).toBe(r.result.restored);
    expect(treeSnapshot(tree)).toEqual(before);
    expect(readFileSync(path.join(tree, 'big.go'), 'utf8')).toBe(bigSource('// revision v1.1.0\n'));
    await goVerifies(fx, 'v1.1.0');
  });

  it('check --read-data finds a damaged delta and a damaged base, naming the blob', async () => {
    const { fx, store, delta } = await twoVersions();
    await flipByte(store, delta.id);
    const bad = await check(fx);
    expect(bad.ok).toBe(false);
    expect(bad.problems.length).toBeGreaterThan(0);
    await flipByte(store, delta.id);
    expect((await check(fx)).ok).toBe(true);
    // A damaged base makes its delta undecodable too: both are reported.
    await flipByte(store, delta.base!);
    const both = await check(fx);
    expect(both.ok).toBe(false);
    expect(JSON.stringify(both.problems)).toMatch(/base/);
    expect(readdirSync(path.join(store, 'packs')).length).toBeGreaterThan(0);
  });

  it('store repair rebuilds which blob each delta is against from the packs alone', async () => {
    const { fx, store, base } = await twoVersions();
    const baseSha = storeIndex(store)
      .prepare('SELECT sha256 FROM blobs WHERE id = ?')
      .pluck()
      .get(base.id);
    for (const f of ['index.sqlite', 'index.sqlite-wal', 'index.sqlite-shm', 'index.sqlite.bak'])
      await rm(path.join(store, f), { force: true });
    const res = await runCli(['store', 'repair', '--json'], { env: fx.env });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.json<RepairResult>()).toMatchObject({ rebuilt: true, blobsDamaged: 0, ok: true });
    const delta = bigBlob(store, 'v1.1.0');
    expect(delta.codec).toBe(2);
    expect(delta.base).not.toBeNull();
    const linked = storeIndex(store)
      .prepare('SELECT sha256 FROM blobs WHERE id = ?')
      .pluck()
      .get(delta.base);
    expect(linked).toEqual(baseSha);
    expect(await check(fx)).toMatchObject({ ok: true, problems: [] });
    await restoresNewest(fx);
  });

  it('a delta whose base is damaged and whose base version left the cache is stored again whole', async () => {
    const { fx, store, base, delta } = await twoVersions();
    await dropFromCache(fx, 'v1.0.0');
    await flipByte(store, base.id);
    expect((await check(fx)).ok).toBe(false);
    const healing = await snapshot(fx);
    expect(healing.code, healing.stderr).toBe(0);
    const now = bigBlob(store, 'v1.1.0');
    expect(now.id).toBe(delta.id);
    expect(now).toMatchObject({ codec: 1, base: null });
    await restoresNewest(fx);
  });

  it('a delta whose base pack is gone is stored again by the next snapshot, without a check', async () => {
    const { fx, store, base, delta } = await twoVersions();
    const basePack = packOf(store, base.id).pack;
    expect(packOf(store, delta.id).pack).not.toBe(basePack);
    await dropFromCache(fx, 'v1.0.0');
    await rm(path.join(store, 'packs', basePack));
    const healing = await snapshot(fx);
    expect(healing.code, healing.stderr).toBe(0);
    expect(bigBlob(store, 'v1.1.0')).toMatchObject({ codec: 1, base: null });
    await restoresNewest(fx);
  });

  it('a damaged base is healed by the next snapshot while its version is in the cache; its delta is whole again', async () => {
    const { fx, store, base } = await twoVersions();
    await flipByte(store, base.id);
    expect((await check(fx)).ok).toBe(false);
    const healing = await snapshot(fx);
    expect(healing.code, healing.stderr).toBe(0);
    expect(bigBlob(store, 'v1.0.0')).toMatchObject({ id: base.id, codec: 1, base: null });
    expect(await check(fx)).toMatchObject({ ok: true, problems: [] });
    await restoresNewest(fx);
  });

  it.skipIf(!haveS3Server)(
    'a pushed store restores on a machine with no store: the remote holds deltas whole',
    { timeout: 240_000 },
    async () => {
      const server = await S3Server.start();
      onTestFinished(() => server.dispose());
      await server.createBucket('team');
      const { fx } = await twoVersions();
      const envA = remoteEnv(fx);
      const url = freshPrefix();
      await addRemote(envA, 'team', url, server);
      await ok<PushResult>(['push', '--to', 'team'], envA);
      const tree = path.join(fx.gomodcache, `${MOD}@v1.1.0`);
      const before = treeSnapshot(tree);

      const b = await copyFixture();
      await deleteCacheAsUser(b, false);
      const envB = remoteEnv(b);
      await addRemote(envB, 'team', url, server);
      const r = await ok<RemoteRestoreResult>(
        ['restore', '--from', 'team', '--mode', 'full'],
        envB,
      );
      expect(r).toMatchObject({ failed: [], mismatches: [] });
      expect(treeSnapshot(path.join(b.gomodcache, `${MOD}@v1.1.0`))).toEqual(before);
      expect(readFileSync(path.join(b.gomodcache, `${MOD}@v1.1.0`, 'big.go'), 'utf8')).toBe(
        bigSource('// revision v1.1.0\n'),
      );
      await goVerifies(b, 'v1.1.0');
    },
  );
});
