import { execFile } from 'node:child_process';
import { openSync, readdirSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import { downloadFile, tamperZip, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { cacheState, restore } from '../helpers/restore';
import { snapshot, storeIndex } from '../helpers/store';
import { removeTree, tempDir } from '../helpers/temp';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

const run = promisify(execFile);
const LIB = 'example.com/lib';

/** A tmpfs of `kib` KiB, optionally read-only (root only). */
async function tmpfs(kib: number, readOnly = false): Promise<string> {
  const dir = await tempDir('modvault-tmpfs-');
  await run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  onTestFinished(async () => {
    await run('umount', [dir]).catch(() => {});
    await removeTree(dir);
  });
  return dir;
}

/** The cache itself made read-only by a read-only bind mount over it. */
async function readOnlyBind(dir: string): Promise<void> {
  await run('mount', ['--bind', dir, dir]);
  onTestFinished(() => run('umount', [dir]).then(() => {}));
  await run('mount', ['-o', 'remount,ro,bind', dir, dir]);
}

/** Flips one byte in the middle of a stored file of a version, in its pack. */
function corruptBlob(fx: GoFixture, modPath: string, version: string, file: string): string {
  const db = storeIndex(fx.env.MODVAULT_STORE!);
  const row = db
    .prepare(
      `SELECT p.name AS pack, b.offset, b.stored_size AS size FROM version_files f
       JOIN module_versions v ON v.id = f.version_id JOIN blobs b ON b.id = f.blob_id
       JOIN packs p ON p.id = b.pack_id WHERE v.path = ? AND v.version = ? AND f.name = ?`,
    )
    .get(modPath, version, file) as { pack: string; offset: number; size: number };
  const packFile = path.join(fx.env.MODVAULT_STORE!, 'packs', row.pack);
  const at = row.offset + Math.floor(row.size / 2);
  const byte = readFileSync(packFile)[at]!;
  const fd = openSync(packFile, 'r+');
  writeSync(fd, Buffer.from([byte ^ 0x5a]), 0, 1, at);
  closeSync(fd);
  return packFile;
}

describe('restore: bad input', () => {
  it('an unknown snapshot id, a malformed one, and no store at all: clear messages, exit 2', async () => {
    const fx = await copyFixture();
    const none = await runCli(['restore'], { env: fx.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/There is no backup store at .* yet/);
    expect(none.stderr).toMatch(/fix: +Take a snapshot first/);

    expect((await snapshot(fx)).code).toBe(0);
    const unknown = await runCli(['restore', 'deadbeef'], { env: fx.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No snapshot deadbeef.');
    expect(unknown.stderr).toMatch(/fix: +List them with `modvault snapshots`/);
    const malformed = await runCli(['restore', 'yesterday', '--json'], { env: fx.env });
    expect(malformed.code).toBe(2);
    expect(malformed.json<{ error: { code: string } }>().error.code).toBe('INVALID_INPUT');
    const serve = await runCli(['serve', '--snapshot', 'deadbeef'], { env: fx.env });
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('No snapshot deadbeef.');
  });

  it.skipIf(!canDropPrivileges)(
    'a target on a read-only file system is refused before anything is written',
    async () => {
      const fx = await copyFixture();
      expect((await snapshot(fx)).code).toBe(0);
      await rm(downloadFile(fx.gomodcache, LIB, 'v1.0.0', 'zip'));
      const before = cacheState(fx.gomodcache);
      await readOnlyBind(fx.gomodcache);
      const live = await runCli(['restore'], { env: fx.env });
      expect(live.code).toBe(2);
      expect(live.stderr).toMatch(new RegExp(`${fx.gomodcache} is on a read-only file system`));
      expect(live.stderr).toMatch(/fix: +Remount it read-write, or restore into another folder/);
      expect(cacheState(fx.gomodcache)).toEqual(before);

      const ro = await tmpfs(1024, true);
      const other = await runCli(['restore', '--target-gomodcache', path.join(ro, 'mod')], {
        env: fx.env,
      });
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/read-only file system/);
    },
  );

  it.skipIf(!canDropPrivileges)(
    'not enough space: refused before starting, nothing written',
    async () => {
      const fx = await copyFixture();
      expect((await snapshot(fx)).code).toBe(0);
      const small = await tmpfs(64);
      const target = path.join(small, 'pkg', 'mod');
      const res = await runCli(['restore', '--mode', 'full', '--target-gomodcache', target], {
        env: fx.env,
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(
        /Not enough space: the restore needs [\d.]+ KiB and .* has [\d.]+ KiB free\. Nothing was written\./,
      );
      expect(res.stderr).toMatch(/fix: +Free some space, restore less/);
      expect(readdirSync(small)).toEqual([]);
      // The dry run shows the same figures without failing.
      const plan = await restore(fx, [
        '--dry-run',
        '--mode',
        'full',
        '--target-gomodcache',
        target,
      ]);
      expect(plan.result.plan.space).toMatchObject({ ok: false, volume: small });
      expect(plan.result.plan.space.neededBytes).toBeGreaterThan(plan.result.plan.space.freeBytes);
    },
  );

  it.skipIf(!canDropPrivileges)(
    'a cache owned by another user is refused (run as nobody)',
    async () => {
      const fx = await copyFixture();
      expect((await snapshot(fx)).code).toBe(0);
      await giveToNobody(fx.env.MODVAULT_STORE!);
      await giveToNobody(fx.env.HOME!);
      await rm(downloadFile(fx.gomodcache, LIB, 'v1.0.0', 'zip'));
      const before = cacheState(fx.gomodcache);
      // The cache belongs to root; nobody may read the store but not write the cache.
      const res = await runCli(['restore'], { env: fx.env, asNobody: true });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/belongs to another user \(uid 0\)/);
      expect(res.stderr).toMatch(/fix: +Run the restore as the user who owns it/);
      expect(cacheState(fx.gomodcache)).toEqual(before);
      // A new cache in a folder nobody cannot write: permission denied, named.
      const locked = path.join(fx.root, 'locked');
      await mkdir(locked, { mode: 0o755 });
      const elsewhere = await runCli(['restore', '--target-gomodcache', path.join(locked, 'mod')], {
        env: fx.env,
        asNobody: true,
      });
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.stderr).toMatch(new RegExp(`Permission denied: the folder ${locked}`));
    },
  );

  it('a corrupt pack: the affected version fails clearly, the others are restored and verified', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const pack = corruptBlob(fx, LIB, 'v1.1.0', 'lib.go');
    await removeTree(fx.gomodcache);
    const { code, result } = await restore(fx, ['--mode', 'full']);
    expect(code).toBe(1);
    expect(result.failed).toEqual([
      expect.objectContaining({
        path: LIB,
        version: 'v1.1.0',
        reason: 'error',
        message: expect.stringMatching(
          /The backup store is damaged: blob [0-9a-f]{16}… in pack .* does not match its hash/,
        ),
        fix: expect.stringMatching(/modvault check --read-data/),
      }),
    ]);
    expect(result).toMatchObject({ restored: 7, verified: 7 });
    expect(pack).toContain('packs');
    // Nothing of it that Go would take for complete: no zip, no .ziphash, no tree.
    for (const ext of ['zip', 'ziphash'])
      expect(() => readFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', ext))).toThrow(/ENOENT/);
    expect(() => readdirSync(treeDir(fx.gomodcache, LIB, 'v1.1.0'))).toThrow(/ENOENT/);
    expect(
      (await runCli(['scan', '--json'], { env: fx.env })).json<{ leftovers: unknown[] }>()
        .leftovers,
    ).toEqual([]);
  });

  it('a corrupt pack under --repair: the damaged copy is put back, the cache is no worse', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    corruptBlob(fx, LIB, 'v1.1.0', 'lib.go');
    await tamperZip(fx.gomodcache, LIB, 'v1.1.0', 'lib.go');
    const before = cacheState(fx.gomodcache);
    const tampered = readFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'zip'));
    const { code, result } = await restore(fx, ['--repair']);
    expect(code).toBe(1);
    expect(result).toMatchObject({ restored: 0, repaired: 0, quarantineIds: [] });
    expect(result.failed).toEqual([expect.objectContaining({ path: LIB, version: 'v1.1.0' })]);
    expect(cacheState(fx.gomodcache)).toEqual(before);
    expect(readFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'zip')).equals(tampered)).toBe(
      true,
    );
  });
});
