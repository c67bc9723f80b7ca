import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ScanReport, VerifyReport } from '../../shared/dto/cache';
import type { DoctorReport } from '../../shared/dto/doctor';
import type { ImportResult, SnapshotProblem, SnapshotResult } from '../../shared/dto/store';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { restore } from '../helpers/restore';
import { snapshot, storeIndex, versionPaths } from '../helpers/store';
import { removeTree } from '../helpers/temp';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

const run = promisify(execFile);
const LIB = 'example.com/lib';
const SECRET = 'root:$6$private-hash-nobody-may-see:19000:0:99999:7:::\n';

/** A private file outside the cache (root's, 0600), like /etc/shadow. */
async function privateFile(fx: GoFixture): Promise<string> {
  const dir = path.join(fx.root, 'private');
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, 'shadow');
  await writeFile(file, SECRET, { mode: 0o600 });
  await chown(file, 0, 0);
  await chmod(file, 0o600);
  return file;
}

/** Runs `fn` with a read-only folder of Go's made writable for a moment. */
async function inWritable(dir: string, fn: () => Promise<void>): Promise<void> {
  await chmod(dir, 0o755);
  try {
    await fn();
  } finally {
    await chmod(dir, 0o555);
  }
}

/** Makes lib@v1.0.0 tree-only (zip and .ziphash gone): the store must read its tree. */
async function treeOnly(fx: GoFixture): Promise<ReturnType<typeof versionPaths>> {
  const v = versionPaths(fx.gomodcache, LIB, 'v1.0.0');
  await rm(v.zip);
  await rm(v.ziphash);
  return v;
}

/** The secret's content was never stored: no blob has its hash. */
function expectNotStored(fx: GoFixture): void {
  const sha = createHash('sha256').update(SECRET).digest();
  const db = storeIndex(fx.env.MODVAULT_STORE!);
  expect(db.prepare('SELECT count(*) AS n FROM blobs WHERE sha256 = ?').get(sha)).toEqual({ n: 0 });
}

async function snap(fx: GoFixture, asNobody = false): Promise<SnapshotResult> {
  const res = await runCli(['snapshot', '--json'], { env: fx.env, asNobody });
  expect(res.code, res.stderr).toBe(1);
  return res.json<SnapshotResult>();
}

const symlinkProblem = (file: string, extra: Partial<SnapshotProblem> = {}) =>
  expect.objectContaining({
    kind: 'symlink',
    file,
    detail: expect.stringContaining(`${file} is a symlink`),
    ...extra,
  });

describe('symlinks are never followed out of the caches', () => {
  it('a tree-only version whose tree links to a private file: reported, never stored or restored', async () => {
    const fx = await copyFixture();
    const secret = await privateFile(fx);
    const v = await treeOnly(fx);
    const link = path.join(v.tree, 'x');
    await inWritable(v.tree, () => symlink(secret, link));

    const r = await snap(fx);
    expect(r.problems).toEqual([
      symlinkProblem(link, {
        path: LIB,
        version: 'v1.0.0',
        detail: expect.stringContaining(`to ${secret}`),
      }),
    ]);
    expectNotStored(fx);

    // scan and verify name it (with its target); the doctor explains it and offers the repair.
    const scan = await runCli(['scan', '--json'], { env: fx.env });
    expect(scan.code).toBe(1);
    const report = scan.json<ScanReport>();
    expect(report.links).toEqual([
      { path: link, type: 'symlink', target: secret, version: `${LIB}@v1.0.0` },
    ]);
    expect(report.modules.find((m) => m.path === LIB && m.version === 'v1.0.0')).toMatchObject({
      state: 'corrupt',
      problems: [expect.objectContaining({ kind: 'symlink' })],
    });
    const verify = await runCli(['verify', '--deep', '--json'], { env: fx.env });
    expect(verify.json<VerifyReport>().problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'symlink', version: 'v1.0.0' })]),
    );
    const doctor = await runCli(['doctor', '--json'], { env: fx.env });
    expect(doctor.json<DoctorReport>().findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'symlink', version: 'v1.0.0', severity: 'error' }),
      ]),
    );

    // The version was not backed up: a restore does not bring the link's target back.
    await removeTree(fx.gomodcache);
    const back = await restore(fx, ['--mode', 'full']);
    expect(back.result.restored).toBeGreaterThan(0);
    expect(existsSync(link)).toBe(false);
  });

  it('a link in an extracted tree (zip present): verify --deep finds it, doctor --fix re-extracts', async () => {
    const fx = await copyFixture();
    const secret = await privateFile(fx);
    const v = versionPaths(fx.gomodcache, LIB, 'v1.1.0');
    const link = path.join(v.tree, 'lib.go');
    await inWritable(v.tree, async () => {
      await rm(link);
      await symlink(secret, link);
    });
    const verify = await runCli(['verify', '--deep', '--json'], { env: fx.env });
    expect(verify.code).toBe(1);
    expect(verify.json<VerifyReport>().problems).toEqual([
      expect.objectContaining({ kind: 'symlink', version: 'v1.1.0', file: link }),
    ]);
    const fix = await runCli(['doctor', '--fix', '--deep', '--json'], { env: fx.env });
    expect(fix.stderr).not.toMatch(/\n\s+at /);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(await readFile(link, 'utf8')).toContain('package lib');
    expect(await readFile(secret, 'utf8')).toBe(SECRET);
    expect((await runCli(['verify', '--deep'], { env: fx.env })).code).toBe(0);
  });

  it.skipIf(!canDropPrivileges)(
    'as an unprivileged user the link is not even opened (reported as a link, not as unreadable)',
    async () => {
      const fx = await copyFixture();
      const v = await treeOnly(fx);
      await giveToNobody(fx.root);
      const secret = await privateFile(fx);
      const link = path.join(v.tree, 'x');
      await inWritable(v.tree, () => symlink(secret, link));
      const r = await snap(fx, true);
      expect(r.problems).toEqual([symlinkProblem(link)]);
    },
  );

  it('a symlinked folder inside a tree-only tree is not entered', async () => {
    const fx = await copyFixture();
    const secret = await privateFile(fx);
    const v = await treeOnly(fx);
    const link = path.join(v.tree, 'internal', 'elsewhere');
    await inWritable(path.join(v.tree, 'internal'), () => symlink(path.dirname(secret), link));
    const r = await snap(fx);
    expect(r.problems).toEqual([symlinkProblem(link)]);
    expectNotStored(fx);
  });

  it('version files that are symlinks (.mod, .info, .ziphash, .zip) are reported, not read', async () => {
    const fx = await copyFixture();
    const secret = await privateFile(fx);
    const files = {
      mod: versionPaths(fx.gomodcache, LIB, 'v1.0.0').mod,
      info: versionPaths(fx.gomodcache, LIB, 'v1.1.0').info,
      ziphash: versionPaths(
        fx.gomodcache,
        'example.com/pseudo',
        'v0.0.0-20240101120000-abcdef123456',
      ).ziphash,
      zip: versionPaths(fx.gomodcache, 'example.com/nomod', 'v2.0.0+incompatible').zip,
    };
    for (const f of Object.values(files)) {
      await rm(f);
      await symlink(secret, f);
    }
    const r = await snap(fx);
    for (const f of Object.values(files))
      expect(r.problems).toEqual(expect.arrayContaining([symlinkProblem(f)]));
    expectNotStored(fx);
    const scan = (await runCli(['scan', '--json'], { env: fx.env })).json<ScanReport>();
    expect(scan.links.map((l) => l.path).sort()).toEqual(Object.values(files).sort());
  });

  it('GOMODCACHE/cache as a symlink: nothing under it is read, the link is named', async () => {
    const fx = await copyFixture();
    const elsewhere = path.join(fx.root, 'elsewhere-cache');
    const cache = path.join(fx.gomodcache, 'cache');
    await rename(cache, elsewhere);
    await symlink(elsewhere, cache);
    const r = await snap(fx);
    expect(r.problems).toEqual(expect.arrayContaining([symlinkProblem(cache)]));
    // Versions are backed up from their trees (checked against nothing), never from the link.
    expect(r.problems.filter((p) => p.file?.startsWith(elsewhere))).toEqual([]);
    const db = storeIndex(fx.env.MODVAULT_STORE!);
    const zips = db.prepare("SELECT count(*) AS n FROM module_versions WHERE source = 'zip'").get();
    expect(zips).toEqual({ n: 0 });
    const scan = (await runCli(['scan', '--json'], { env: fx.env })).json<ScanReport>();
    expect(scan.links).toEqual([
      expect.objectContaining({ path: cache, target: elsewhere, version: null }),
    ]);
  });

  it('a FIFO in the cache does not hang a snapshot or a scan', async () => {
    const fx = await copyFixture();
    const v = await treeOnly(fx);
    const fifo = path.join(v.tree, 'pipe');
    await inWritable(v.tree, () => run('mkfifo', [fifo]).then(() => {}));
    const info = versionPaths(fx.gomodcache, LIB, 'v1.1.0').info;
    await rm(info);
    await run('mkfifo', [info]);
    const r = await snap(fx);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'symlink',
          file: fifo,
          detail: expect.stringMatching(/named pipe/),
        }),
        expect.objectContaining({ kind: 'symlink', file: info }),
      ]),
    );
    const scan = (await runCli(['scan', '--json'], { env: fx.env })).json<ScanReport>();
    expect(scan.links.map((l) => l.type)).toEqual(['fifo', 'fifo']);
  });

  it('links in the build cache and in GOPATH/pkg/sumdb are reported, not stored', async () => {
    const fx = await copyFixture();
    const secret = await privateFile(fx);
    const shard = path.join(fx.gocache, '00');
    await mkdir(shard, { recursive: true });
    const entry = path.join(shard, `${'0'.repeat(64)}-d`);
    await symlink(secret, entry);
    const sumdb = path.join(fx.gopath, 'pkg', 'sumdb', 'sum.golang.org');
    await mkdir(sumdb, { recursive: true });
    await symlink(secret, path.join(sumdb, 'latest'));
    const res = await runCli(['snapshot', '--gocache', '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(1);
    const r = res.json<SnapshotResult>();
    expect(r.problems).toEqual(
      expect.arrayContaining([symlinkProblem(entry), symlinkProblem(path.join(sumdb, 'latest'))]),
    );
    expectNotStored(fx);
  });

  it('an export folder whose .mod is a symlink: that version is not imported, the target never read', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const out = path.join(fx.root, 'export');
    expect(
      (await runCli(['export', 'latest', '--format', 'dir', '--out', out], { env: fx.env })).code,
    ).toBe(0);
    const secret = await privateFile(fx);
    const mod = path.join(out, 'example.com', 'lib', '@v', 'v1.1.0.mod');
    await rm(mod);
    await symlink(secret, mod);
    const other = path.join(fx.root, 'other-store');
    const res = await runCli(['import', out, '--store', other, '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(1);
    const r = res.json<ImportResult>();
    expect(r.snapshot.problems).toEqual([symlinkProblem(mod, { path: LIB, version: 'v1.1.0' })]);
    const versions = (
      await runCli(['snapshots', '--store', other, '--json'], { env: fx.env })
    ).json<{ versions: number }[]>();
    expect(versions[0]!.versions).toBe(r.snapshot.versions);
    const sha = createHash('sha256').update(SECRET).digest();
    const db = storeIndex(other);
    expect(db.prepare('SELECT count(*) AS n FROM blobs WHERE sha256 = ?').get(sha)).toEqual({
      n: 0,
    });
  });

  it('a restore never writes through a symlinked folder planted in the target', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const planted = path.join(fx.root, 'planted');
    await mkdir(planted);
    const v = versionPaths(fx.gomodcache, LIB, 'v1.0.0');
    await removeTree(v.dir);
    await symlink(planted, v.dir);
    const res = await restore(fx, ['--mode', 'quick']);
    expect(res.code).toBe(1);
    expect(res.result.failed.filter((f) => f.path === LIB).map((f) => f.message)).toEqual([
      `${v.dir} is a symlink to ${planted}: ModVault does not write through it.`,
      `${v.dir} is a symlink to ${planted}: ModVault does not write through it.`,
      `${v.dir} is a symlink to ${planted}: ModVault does not write through it.`,
    ]);
    // Not a lock file, not a list: nothing lands where the link points.
    expect(readdirSync(planted)).toEqual([]);
  });

  it('a private file inside a tree is restored no more readable than it was', async () => {
    const fx = await copyFixture();
    const v = await treeOnly(fx);
    const file = path.join(v.tree, 'private.txt');
    await inWritable(v.tree, async () => {
      await writeFile(file, 'only mine\n', { mode: 0o600 });
      await chmod(file, 0o600);
    });
    const r = await snapshot(fx);
    expect(r.result.problems).toEqual([
      expect.objectContaining({ kind: 'unverified', version: 'v1.0.0' }),
    ]);
    await removeTree(fx.gomodcache);
    const back = await restore(fx, ['--mode', 'full']);
    expect(back.code, back.stderr).toBe(0);
    expect(lstatSync(file).mode & 0o777).toBe(0o400);
    expect(lstatSync(path.join(v.tree, 'lib.go')).mode & 0o777).toBe(0o444);
    expect(await readFile(file, 'utf8')).toBe('only mine\n');
    expect(readdirSync(v.tree)).toContain('lib.go');
  });
});
