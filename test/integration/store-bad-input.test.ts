import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CheckResult, SnapshotResult } from '../../shared/dto/store';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { growCache, snapshot, versionPaths } from '../helpers/store';
import { removeTree, tempDir } from '../helpers/temp';
import { giveToNobody } from '../helpers/unprivileged';

const run = promisify(execFile);
const LIB = 'example.com/lib';

async function checkJson(fx: GoFixture, args: string[] = []) {
  const res = await runCli(['check', '--json', ...args], { env: fx.env });
  return { code: res.code, r: res.json<CheckResult>() };
}

/** A tmpfs of `kib` KiB (root only), or null where mounting is not allowed. */
async function tinyDisk(kib: number): Promise<string | null> {
  const dir = await tempDir('modvault-tmpfs-');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir]);
  } catch {
    return null;
  }
  onTestFinished(async () => {
    await run('umount', [dir]).catch(() => {});
    await removeTree(dir);
  });
  return dir;
}

describe('store: bad input', () => {
  it('an unwritable store folder gives a clear message, run as an unprivileged user', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const store = path.join(fx.root, 'root-owned');
    await mkdir(store, { mode: 0o755 }); // owned by root: nobody cannot write it
    const res = await runCli(['snapshot', '--store', store], { env: fx.env, asNobody: true });
    expect(res.code).toBe(2);
    // Only writing needs write access, and the refusal says so.
    expect(res.stderr).toMatch(/is read-only \(your user may not write to it\)/);
    expect(res.stderr).toContain(store);
    expect(res.stderr).toMatch(/fix: .*never needs sudo/);
    expect(await readdir(store)).toEqual([]);
  });

  it('a full disk fails cleanly; what was committed stays, and the snapshot resumes with space', async () => {
    const fx = await copyFixture();
    await growCache(fx, 12);
    const disk = await tinyDisk(1600);
    const store = disk ? path.join(disk, 'store') : fx.env.MODVAULT_STORE!;
    // Where the test may not mount a file system, the pack writer simulates the full disk.
    const fault: Record<string, string> = disk ? {} : { MODVAULT_FAULT: 'enospc:1200000' };
    const env = { ...fx.env, MODVAULT_PACK_TARGET_BYTES: '200000' };
    const full = await runCli(['snapshot', '--store', store], { env: { ...env, ...fault } });
    expect(full.code, full.stderr).toBe(2);
    expect(full.stderr).toMatch(/disk is full/);
    expect(full.stderr).toMatch(/fix: +Free some space/);
    const check = await runCli(['check', '--json', '--store', store], { env });
    expect(check.code, check.stdout).toBe(0);
    expect(check.json<CheckResult>().packs).toBeGreaterThan(0);
    if (disk) await run('mount', ['-o', 'remount,size=16m', disk]);
    const ok = await snapshot(fx, ['--store', store], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.result.problems).toEqual([]);
    // The packs committed before the disk filled up are reused.
    expect(ok.result.reread).toBeLessThan(ok.result.versions);
  });

  it('refuses a store written by a newer version, and leaves it untouched', async () => {
    const fx = await copyFixture();
    await snapshot(fx);
    const index = path.join(fx.env.MODVAULT_STORE!, 'index.sqlite');
    const db = new Database(index);
    db.pragma('user_version = 999');
    db.close();
    const before = await readFile(index);
    for (const args of [['snapshot'], ['snapshots'], ['check']]) {
      const res = await runCli(args, { env: fx.env });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(/written by a newer ModVault \(schema 999/);
      expect(res.stderr).toMatch(/fix: +Upgrade ModVault/);
    }
    expect((await readFile(index)).equals(before)).toBe(true);
  });

  it('finds damaged, truncated and missing packs, naming the snapshots they affect', async () => {
    const fx = await copyFixture();
    const env = { ...fx.env, MODVAULT_PACK_TARGET_BYTES: '1500' };
    const snap = (await snapshot(fx, [], { env })).result;
    const packsDir = path.join(fx.env.MODVAULT_STORE!, 'packs');
    const packs = (await readdir(packsDir)).sort();
    expect(packs.length).toBeGreaterThan(2);
    const [flipped, cut, gone] = packs.map((p) => path.join(packsDir, p));
    await chmod(flipped!, 0o644);
    const bytes = await readFile(flipped!);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x55;
    await writeFile(flipped!, bytes);

    const structure = await checkJson(fx);
    expect(structure.code).toBe(0); // headers are intact: only reading the data shows it
    const deep = await checkJson(fx, ['--read-data']);
    expect(deep.code).toBe(1);
    expect(deep.r.problems).toEqual([
      expect.objectContaining({
        kind: 'blob-data',
        file: flipped,
        snapshots: [snap.id],
        severity: 'error',
      }),
    ]);

    await chmod(cut!, 0o644);
    await truncate(cut!, (await stat(cut!)).size - 10);
    await run('rm', ['-f', gone!]);
    const broken = await checkJson(fx);
    expect(broken.code).toBe(1);
    // The blob the data check found damaged is still reported (recorded, not healed yet).
    expect(broken.r.problems.map((p) => p.kind).sort()).toEqual([
      'blob-lost',
      'pack-missing',
      'pack-size',
    ]);
    expect(broken.r.problems.every((p) => p.snapshots.includes(snap.id))).toBe(true);
  });

  it('a damaged index is reported with the way out, not a crash; the kept copy restores it', async () => {
    const fx = await copyFixture();
    const first = (await snapshot(fx)).result;
    const index = path.join(fx.env.MODVAULT_STORE!, 'index.sqlite');
    await writeFile(index, Buffer.alloc(16384, 0x2a));
    await rm(`${index}-wal`, { force: true });
    await rm(`${index}-shm`, { force: true });
    const res = await runCli(['snapshot'], { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/its index .*index\.sqlite is not an SQLite database/);
    expect(res.stderr).toMatch(/fix: .*modvault store repair/);
    const check = await checkJson(fx);
    expect(check.code).toBe(1);
    expect(check.r.problems).toEqual([
      expect.objectContaining({ kind: 'index-damaged', file: index }),
    ]);

    await rename(`${index}.bak`, index);
    expect((await checkJson(fx, ['--read-data'])).code).toBe(0);
    const again = await snapshot(fx);
    expect(again.code, again.stderr).toBe(0);
    expect(again.result).toMatchObject({ versions: first.versions, newVersions: 0, bytesAdded: 0 });
  });

  it('unreadable files and folders are reported and skipped, run as an unprivileged user', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const lib = versionPaths(fx.gomodcache, LIB, 'v1.1.0');
    await chmod(lib.zip, 0o000);
    const nomodDir = versionPaths(fx.gomodcache, 'example.com/nomod', 'v2.0.0+incompatible').dir;
    await chmod(nomodDir, 0o000);
    const res = await runCli(['snapshot', '--json'], { env: fx.env, asNobody: true });
    expect(res.code, res.stderr).toBe(1);
    const r = res.json<SnapshotResult>();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'unreadable',
          path: LIB,
          version: 'v1.1.0',
          file: lib.zip,
        }),
        expect.objectContaining({ kind: 'unreadable', file: nomodDir }),
      ]),
    );
    // The version whose @v folder is unreadable is backed up from its extracted tree instead.
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unverified', path: 'example.com/nomod' }),
      ]),
    );
    const check = await runCli(['check'], { env: fx.env, asNobody: true });
    expect(check.code, check.stdout).toBe(0);

    // Readable again: the next snapshot (as the same user) picks the version up.
    await chmod(lib.zip, 0o444);
    await chmod(nomodDir, 0o755);
    const again = await runCli(['snapshot', '--json'], { env: fx.env, asNobody: true });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json<SnapshotResult>()).toMatchObject({ versions: r.versions + 1, problems: [] });
  });

  it('never loads SQLite for commands that do not touch the store', async () => {
    const fx = await copyFixture();
    const hook = path.join(fx.root, 'dlopen-hook.cjs');
    await writeFile(
      hook,
      "const o = process.dlopen; process.dlopen = function (m, f, ...r) { if (String(f).includes('better_sqlite3')) process.stderr.write('SQLITE-LOADED\\n'); return o.call(this, m, f, ...r); };\n",
    );
    const env = { ...fx.env, NODE_OPTIONS: `--require ${hook}` };
    const scan = await runCli(['scan', '--json'], { env });
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stderr).not.toContain('SQLITE-LOADED');
    const snaps = await runCli(['snapshot'], { env });
    expect(snaps.stderr).toContain('SQLITE-LOADED');
  });
});
