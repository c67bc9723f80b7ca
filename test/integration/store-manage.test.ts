import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import { describe, expect, it } from 'vitest';
import type {
  CheckResult,
  DiffResult,
  ExportResult,
  ForgetResult,
  ImportResult,
  PruneResult,
  SnapshotSummary,
} from '../../shared/dto/store';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import type { GoFixture } from '../fixtures/go-fixture';
import { goCommand, writeProxy } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot, versionPaths } from '../helpers/store';
import { removeTree, tempDir } from '../helpers/temp';

const run = promisify(execFile);
const LIB = 'example.com/lib';

async function cli<T>(fx: GoFixture, args: string[], env: Record<string, string> = {}): Promise<T> {
  const res = await runCli([...args, '--json'], { env: { ...fx.env, ...env } });
  expect(res.code, `${args.join(' ')}: ${res.stdout}\n${res.stderr}`).toBe(0);
  return res.json<T>();
}

async function removeVersion(fx: GoFixture, modPath: string, version: string): Promise<void> {
  const p = versionPaths(fx.gomodcache, modPath, version);
  await removeTree(p.tree);
  for (const f of [p.zip, p.ziphash, p.mod, p.info]) await rm(f, { force: true });
}

/** `go mod download` and an offline build of a project, in an empty module cache, served by `proxy`. */
async function buildFromProxy(fx: GoFixture, project: string, proxy: string): Promise<void> {
  const gopath = await tempDir('modvault-gopath-');
  try {
    const env = {
      ...fx.env,
      GOPATH: gopath,
      GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
      GOPROXY: `file://${proxy}`,
    };
    await goCommand(['mod', 'download'], { cwd: project, env });
    await goCommand(['build', './...'], { cwd: project, env: { ...env, GOPROXY: 'off' } });
    const verify = await goCommand(['mod', 'verify'], {
      cwd: project,
      env: { ...env, GOPROXY: 'off' },
    });
    expect(verify.stdout).toMatch(/all modules verified/);
  } finally {
    await removeTree(gopath);
  }
}

/** A one-entry zip with any name (zip libraries refuse to write names like "../x"). */
function storedZip(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

describe('managing snapshots', () => {
  it('forget keeps what the policy says (with reasons), never the latest without --force; prune frees the rest', async () => {
    const fx = await copyFixture();
    // Small packs, so that forgotten versions leave packs wholly or mostly garbage.
    const env = { MODVAULT_PACK_TARGET_BYTES: '1500' };
    const a = (await snapshot(fx, [], { env: { ...fx.env, ...env } })).result;
    await removeVersion(fx, LIB, 'v1.0.0');
    await removeVersion(fx, 'example.com/nogomod', 'v1.0.0');
    const b = (await snapshot(fx, [], { env: { ...fx.env, ...env } })).result;
    expect(b.versions).toBe(a.versions - 2);

    const preview = await cli<ForgetResult>(fx, ['forget', '--keep-last', '1', '--dry-run']);
    expect(preview.keep).toEqual([
      expect.objectContaining({ id: b.id, reasons: ['last snapshot'] }),
    ]);
    expect(preview.remove.map((r) => r.id)).toEqual([a.id]);
    expect((await cli<SnapshotSummary[]>(fx, ['snapshots'])).length).toBe(2);

    const latest = await runCli(['forget', b.id], { env: fx.env });
    expect(latest.code).toBe(2);
    expect(latest.stderr).toMatch(/latest snapshot: it is not removed without --force/);

    const forgot = await cli<ForgetResult>(fx, ['forget', a.id]);
    expect(forgot.remove.map((r) => r.id)).toEqual([a.id]);
    expect((await cli<SnapshotSummary[]>(fx, ['snapshots'])).map((s) => s.id)).toEqual([b.id]);

    const dry = await cli<PruneResult>(fx, ['prune', '--dry-run', '--repack-threshold', '10'], env);
    expect(dry.bytesFreed).toBeGreaterThan(0);
    const packsBefore = readdirSync(path.join(fx.env.MODVAULT_STORE!, 'packs')).sort();
    const pruned = await cli<PruneResult>(fx, ['prune', '--repack-threshold', '10'], env);
    expect(pruned).toMatchObject({ dryRun: false, versionsDeleted: 2 });
    expect(pruned.blobsDeleted).toBeGreaterThan(0);
    expect(pruned.packsDeleted + pruned.packsRepacked).toBeGreaterThan(0);
    expect(pruned.bytesFreed).toBeGreaterThan(0);
    expect(pruned.bytesAfter).toBe(pruned.bytesBefore - pruned.bytesFreed);
    expect(readdirSync(path.join(fx.env.MODVAULT_STORE!, 'packs')).sort()).not.toEqual(packsBefore);

    const check = await cli<CheckResult>(fx, ['check', '--read-data']);
    expect(check).toMatchObject({ ok: true, problems: [], snapshots: 1 });
    // What is left still builds a project from scratch.
    const out = path.join(fx.root, 'after-prune');
    await cli<ExportResult>(fx, ['export', b.id, '--format', 'dir', '--out', out]);
    await buildFromProxy(fx, fx.projects.alpha, out);

    // Nothing left to free: a second prune changes nothing.
    const again = await cli<PruneResult>(fx, ['prune'], env);
    expect(again).toMatchObject({
      versionsDeleted: 0,
      blobsDeleted: 0,
      packsDeleted: 0,
      bytesFreed: 0,
    });
  });

  it('diff lists versions added and removed between snapshots and against the cache', async () => {
    const fx = await copyFixture();
    const a = (await snapshot(fx)).result;
    await removeVersion(fx, LIB, 'v1.0.0');
    const b = (await snapshot(fx)).result;
    const d = await cli<DiffResult>(fx, ['diff', a.id, b.id]);
    expect(d.removed).toEqual([expect.objectContaining({ path: LIB, version: 'v1.0.0' })]);
    expect(d.bytesRemoved).toBeGreaterThan(0);
    expect(d.added).toEqual([]);
    expect(d.unchanged).toBe(b.versions);

    const lib = FIXTURE_MODULES.find((m) => m.path === LIB && m.version === 'v1.1.0')!;
    await writeProxy(fx.proxyDir, [{ ...lib, version: 'v1.4.0' }]);
    await goCommand(['mod', 'download', `${LIB}@v1.4.0`], {
      cwd: path.join(fx.root, 'download-only'),
      env: fx.env,
    });
    const now = await cli<DiffResult>(fx, ['diff', 'latest', '--current']);
    expect(now).toMatchObject({ from: b.id, to: 'current', removed: [], changed: [] });
    expect(now.added).toEqual([
      expect.objectContaining({ path: LIB, version: 'v1.4.0', h1: expect.stringMatching(/^h1:/) }),
    ]);
    expect(now.bytesAdded).toBeGreaterThan(0);

    const usage = await runCli(['diff', a.id], { env: fx.env });
    expect(usage.code).toBe(2);
  });

  it('exports a snapshot that the go command downloads from, in every format, and imports it back', async () => {
    const fx = await copyFixture();
    // A version backed up from its tree is exported as a zip like any other.
    await rm(versionPaths(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0').zip);
    const snap = (await snapshot(fx)).result;
    const out = path.join(fx.root, 'exports');
    await mkdir(out);
    for (const format of ['dir', 'zip', 'tar.gz'] as const) {
      const target = path.join(out, format === 'dir' ? 'proxy' : `proxy.${format}`);
      const r = await cli<ExportResult>(fx, [
        'export',
        'latest',
        '--format',
        format,
        '--out',
        target,
      ]);
      expect(r).toMatchObject({ snapshot: snap.id, format, versions: snap.versions });
      let proxy = target;
      if (format !== 'dir') {
        proxy = path.join(out, `unpacked-${format}`);
        await mkdir(proxy);
        if (format === 'zip') await run('unzip', ['-q', target, '-d', proxy]);
        else await run('tar', ['-xzf', target, '-C', proxy]);
      }
      const manifest = JSON.parse(
        await readFile(path.join(proxy, 'modvault-export.json'), 'utf8'),
      ) as {
        snapshot: { id: string };
        versions: { path: string }[];
      };
      expect(manifest.snapshot.id).toBe(snap.id);
      expect(await readFile(path.join(proxy, 'example.com', 'lib', '@v', 'list'), 'utf8')).toBe(
        'v1.0.0\nv1.1.0\nv1.2.0-RC.1\n',
      );
      await buildFromProxy(fx, fx.projects.alpha, proxy);
      await buildFromProxy(fx, fx.projects.beta, proxy);
    }
    const exists = await runCli(
      ['export', 'latest', '--format', 'zip', '--out', path.join(out, 'proxy.zip')],
      { env: fx.env },
    );
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/already exists/);

    // Into a new store: every version is read (and verified against the manifest).
    const other = path.join(fx.root, 'other-store');
    const imported = await cli<ImportResult>(fx, [
      'import',
      path.join(out, 'proxy.tar.gz'),
      '--store',
      other,
    ]);
    expect(imported.snapshot).toMatchObject({
      versions: snap.versions,
      newVersions: snap.versions,
      problems: [],
    });
    const list = await cli<SnapshotSummary[]>(fx, ['snapshots', '--store', other]);
    expect(list).toEqual([expect.objectContaining({ kind: 'import', versions: snap.versions })]);
    // Into the store it came from: nothing new.
    const back = await cli<ImportResult>(fx, ['import', path.join(out, 'proxy.zip')]);
    expect(back.snapshot).toMatchObject({ newVersions: 0, bytesAdded: 0 });
    const same = await cli<DiffResult>(fx, ['diff', snap.id, back.snapshot.id]);
    expect(same).toMatchObject({ added: [], removed: [], changed: [], unchanged: snap.versions });
  });

  it('import checks zips against the manifest and refuses archives that escape their folder', async () => {
    const fx = await copyFixture();
    await snapshot(fx);
    const proxy = path.join(fx.root, 'proxy-export');
    await cli<ExportResult>(fx, ['export', 'latest', '--format', 'dir', '--out', proxy]);
    const zip = path.join(proxy, 'example.com', 'lib', '@v', 'v1.1.0.zip');
    await chmod(zip, 0o644);
    const evil = new ZipArchive();
    const written = new Promise<void>((resolve) =>
      evil.pipe(createWriteStream(zip)).on('close', () => resolve()),
    );
    evil.append('package lib\n', { name: `${LIB}@v1.1.0/lib.go` });
    await evil.finalize();
    await written;
    const res = await runCli(['import', proxy, '--json', '--store', path.join(fx.root, 's2')], {
      env: fx.env,
    });
    expect(res.code).toBe(1);
    expect(res.json<ImportResult>().snapshot.problems).toEqual([
      expect.objectContaining({ path: LIB, version: 'v1.1.0', kind: 'zip-mismatch' }),
    ]);

    const bad = path.join(fx.root, 'escape.zip');
    await writeFile(bad, storedZip('../escaped.txt', Buffer.from('x')));
    const refused = await runCli(['import', bad], { env: fx.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/outside its folder/);
    expect(existsSync(path.join(fx.root, 'escaped.txt'))).toBe(false);
    await writeFile(path.join(fx.root, 'not-an-archive'), 'hello');
    const notArchive = await runCli(['import', path.join(fx.root, 'not-an-archive')], {
      env: fx.env,
    });
    expect(notArchive.stderr).toMatch(/neither a zip nor a tar.gz/);
  });
});
