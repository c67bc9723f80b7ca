import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PublishResult,
  PushResult,
  RemoteCheckResult,
  RemoteRestoreResult,
  RemoteSnapshot,
} from '../../shared/dto/remote';
import type { ScheduledRunResult, ScheduleView } from '../../shared/dto/schedule';
import { copyFixture } from '../helpers/fixture';
import { go } from '../helpers/go';
import { addRemote, cli, freshPrefix, objectsUnder, ok, remoteEnv } from '../helpers/remote';
import { deleteCacheAsUser } from '../helpers/restore';
import { haveS3Server, S3Server } from '../helpers/s3-server';
import { growCache, snapshot, storeIndex, versionPaths } from '../helpers/store';
import { removeTree } from '../helpers/temp';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';

// Remotes against a real S3-compatible server (Versity's gateway, see helpers/s3-server.ts):
// push from one machine, restore on another that has no store, publish a GOPROXY that the
// real go command downloads from anonymously.

const VERSIONS = 8;
let server: S3Server;

describe.skipIf(!haveS3Server)('remotes: push, restore anywhere, publish', () => {
  beforeAll(async () => {
    server = await S3Server.start();
    await server.createBucket('team');
  });
  afterAll(async () => server?.dispose());

  /** A second machine: the same projects, no store, no module cache. */
  async function emptyMachine(asNobody: boolean) {
    const fx = await copyFixture();
    await deleteCacheAsUser(fx, false);
    await removeTree(fx.gocache);
    if (asNobody) await giveToNobody(fx.root);
    return fx;
  }

  it.skipIf(!canDropPrivileges)(
    'restores on a machine with no store: go builds offline (as nobody)',
    { timeout: 240_000 },
    async () => {
      const a = await copyFixture();
      const envA = remoteEnv(a);
      const url = freshPrefix();
      const snap = await snapshot(a);
      expect(snap.code, snap.stderr).toBe(0);
      await addRemote(envA, 'team', url, server);
      const pushed = await ok<PushResult>(['push', '--to', 'team'], envA);
      expect(pushed.pushed).toEqual([snap.result.id]);
      expect(pushed.packsUploaded).toBeGreaterThan(0);
      expect(pushed.blobsShared).toBe(0);
      const again = await ok<PushResult>(['push', '--to', 'team'], envA);
      expect(again).toMatchObject({ pushed: [], alreadyThere: [snap.result.id], bytesUploaded: 0 });

      const b = await emptyMachine(true);
      const envB = remoteEnv(b);
      await addRemote(envB, 'team', url, server, [], { asNobody: true });
      const list = await ok<RemoteSnapshot[]>(['snapshots', '--from', 'team'], envB, {
        asNobody: true,
      });
      expect(list.map((s) => s.id)).toEqual([snap.result.id]);
      expect(list[0]).toMatchObject({
        versions: VERSIONS,
        host: snap.result.id ? expect.any(String) : '',
      });

      const r = await ok<RemoteRestoreResult>(
        ['restore', '--from', 'team', '--mode', 'full'],
        envB,
        { asNobody: true },
      );
      expect(r).toMatchObject({
        remote: 'team',
        restored: VERSIONS,
        verified: VERSIONS,
        failed: [],
        mismatches: [],
      });
      expect(r.fetched.requests).toBeGreaterThan(0);
      // No store was created on machine B, and nothing is left of the staging copy.
      expect(existsSync(path.join(b.root, 'store'))).toBe(false);
      const staging = path.join(b.env.HOME!, '.local', 'share', 'modvault', 'remote-staging');
      expect(existsSync(staging) ? (await import('node:fs')).readdirSync(staging) : []).toEqual([]);
      for (const project of ['alpha', 'beta'] as const) {
        const build = await runAsNobody(
          'go',
          ['build', '-o', '/dev/null', './...'],
          { ...b.env, GOPROXY: 'off' },
          b.projects[project],
        );
        expect(build.code, build.stderr).toBe(0);
        const verify = await runAsNobody(
          'go',
          ['mod', 'verify'],
          { ...b.env, GOPROXY: 'off' },
          b.projects[project],
        );
        expect(verify.stdout).toContain('all modules verified');
      }
    },
  );

  it(
    'restores one project from the remote, fetching only what it needs',
    { timeout: 240_000 },
    async () => {
      const a = await copyFixture();
      // Versions no project uses: a project's restore must not download them.
      await growCache(a, 12);
      const envA = remoteEnv(a);
      const url = freshPrefix();
      expect((await snapshot(a)).code).toBe(0);
      await addRemote(envA, 'team', url, server);
      await ok<PushResult>(['push', '--to', 'team'], envA);

      const b = await emptyMachine(false);
      const envB = remoteEnv(b);
      await addRemote(envB, 'team', url, server);
      const all = await ok<RemoteRestoreResult>(['restore', '--from', 'team', '--dry-run'], envB);
      const one = await ok<RemoteRestoreResult>(
        ['restore', '--from', 'team', '--project', b.projects.beta],
        envB,
      );
      expect(one.restored).toBeGreaterThan(0);
      expect(one.restored).toBeLessThan(all.plan.toRestore);
      const full = await copyFixture();
      await deleteCacheAsUser(full, false);
      const envC = remoteEnv(full);
      await addRemote(envC, 'team', url, server);
      const everything = await ok<RemoteRestoreResult>(['restore', '--from', 'team'], envC);
      expect(everything.fetched.bytes).toBeGreaterThan(12 * 160_000);
      expect(one.fetched.bytes).toBeLessThan(everything.fetched.bytes / 4);
      const build = await go(['build', '-o', '/dev/null', './...'], {
        cwd: b.projects.beta,
        env: { ...b.env, GOPROXY: 'off' },
      });
      expect(build.code, build.stderr).toBe(0);
    },
  );

  it(
    'encrypts every object: names leak no hash, contents no plaintext; a wrong passphrase is refused',
    { timeout: 180_000 },
    async () => {
      const a = await copyFixture();
      const url = freshPrefix();
      const envA = remoteEnv(a, undefined, { MODVAULT_PASSPHRASE: 'correct horse battery staple' });
      const snap = await snapshot(a);
      await addRemote(envA, 'vault', url, server, ['--encrypt']);
      const noPass = await cli(['push', '--to', 'vault', '--json'], remoteEnv(a));
      expect(noPass.code).toBe(2);
      expect(noPass.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
      await ok<PushResult>(['push', '--to', 'vault'], envA);

      const prefix = url.replace('s3://team/', '');
      const objects = objectsUnder(server, 'team', prefix);
      const db = storeIndex(path.join(a.root, 'store'));
      const shas = db.prepare('SELECT lower(hex(sha256)) FROM blobs').pluck().all() as string[];
      const keys = objects.map((o) => o.key).join('\n');
      for (const sha of shas) expect(keys).not.toContain(sha.slice(0, 16));
      const goMod = readFileSync(path.join(a.proxyDir, 'example.com', 'lib', '@v', 'v1.1.0.mod'));
      for (const o of objects.filter((x) => !x.key.endsWith('config'))) {
        const bytes = readFileSync(o.file);
        expect(bytes.includes(goMod), o.key).toBe(false);
        expect(bytes.includes(Buffer.from('example.com/lib')), o.key).toBe(false);
      }

      const b = await emptyMachine(false);
      await addRemote(remoteEnv(b), 'vault', url, server, ['--encrypt']);
      const wrong = await cli(
        ['restore', '--from', 'vault', '--json'],
        remoteEnv(b, undefined, { MODVAULT_PASSPHRASE: 'wrong' }),
      );
      expect(wrong.code).toBe(2);
      expect(wrong.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringMatching(/Wrong passphrase/),
      });
      expect(existsSync(b.gomodcache)).toBe(false);
      const r = await ok<RemoteRestoreResult>(
        ['restore', '--from', 'vault'],
        remoteEnv(b, undefined, { MODVAULT_PASSPHRASE: 'correct horse battery staple' }),
      );
      expect(r).toMatchObject({
        snapshot: snap.result.id,
        restored: VERSIONS,
        verified: VERSIONS,
        failed: [],
      });
      const check = await ok<RemoteCheckResult>(['remote', 'check', 'vault', '--read-data'], envA);
      expect(check).toMatchObject({ ok: true, encrypted: true, writable: true, problems: [] });
      expect(check.packsRead).toBe(check.packs);
    },
  );

  it('a schedule pushes each backup it takes to its remote', { timeout: 180_000 }, async () => {
    const a = await copyFixture();
    const env = remoteEnv(a);
    await addRemote(env, 'team', freshPrefix(), server);
    const added = await ok<ScheduleView>(
      ['schedule', 'add', '--every', '1d', '--push-to', 'team'],
      env,
    );
    expect(added.pushTo).toBe('team');
    const run = await ok<ScheduledRunResult>(['schedule', 'run', added.id], env);
    expect(run.push).toMatchObject({ remote: 'team', pushed: [run.snapshot.id] });
    const list = await ok<RemoteSnapshot[]>(['snapshots', '--from', 'team'], env);
    expect(list.map((s) => s.id)).toEqual([run.snapshot.id]);
    // A push that cannot happen fails the run (the schedule retries it), naming the remote.
    const bad = await ok<ScheduleView>(
      ['schedule', 'add', '--every', '1d', '--push-to', 'nowhere'],
      env,
    );
    const failed = await cli(['schedule', 'run', bad.id, '--json'], env);
    expect(failed.code).toBe(2);
    expect(failed.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nowhere'),
    });
  });

  it(
    'publishes a GOPROXY the real go command downloads from anonymously, .mod-only versions too',
    { timeout: 180_000 },
    async () => {
      const a = await copyFixture();
      const envA = remoteEnv(a);
      const url = freshPrefix();
      const prefix = url.replace('s3://team/', '');
      // A version of which only the .mod (and .info) is cached, as Go leaves the module graph's.
      const modOnly = versionPaths(a.gomodcache, 'example.com/lib', 'v1.2.0-RC.1');
      await removeTree(modOnly.tree);
      await rm(modOnly.zip);
      await rm(modOnly.ziphash);
      const snap = await snapshot(a);
      await addRemote(envA, 'pub', url, server);
      await server.setPolicy('team', [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:GetObject'],
          Resource: [`arn:aws:s3:::team/${prefix}/*`],
        },
      ]);
      const r = await ok<PublishResult>(['publish', snap.result.id, '--to', 'pub'], envA);
      expect(r).toMatchObject({ snapshot: snap.result.id, versions: snap.result.versions });
      // The fixture holds versions of which only .mod was cached: they are served too.
      expect(r.modOnly).toBe(1);
      expect(r.goproxy).toBe(`${server.endpoint}/team/${prefix}`);
      const again = await ok<PublishResult>(['publish', 'latest', '--to', 'pub'], envA);
      expect(again.objectsSkipped).toBeGreaterThan(0);
      expect(again.bytesUploaded).toBeLessThan(r.bytesUploaded);

      // A CI runner: empty caches, no credentials, the bucket as its only proxy.
      const ci = await copyFixture();
      await deleteCacheAsUser(ci, false);
      const env = { ...ci.env, GOPROXY: `${r.goproxy},off`, GOFLAGS: '-mod=mod', GOSUMDB: 'off' };
      for (const project of ['alpha', 'beta'] as const) {
        const dl = await go(['mod', 'download', '-x'], { cwd: ci.projects[project], env });
        expect(dl.code, dl.stderr).toBe(0);
        const build = await go(['build', '-o', '/dev/null', './...'], {
          cwd: ci.projects[project],
          env: { ...env, GOPROXY: 'off' },
        });
        expect(build.code, build.stderr).toBe(0);
      }
      const list = await fetch(`${r.goproxy}/example.com/lib/@v/list`);
      expect(list.status).toBe(200);
      const listed = (await list.text()).trim().split('\n');
      expect(listed).toContain('v1.1.0');
      expect(listed).not.toContain('v1.2.0-RC.1');
      const rcMod = await fetch(`${r.goproxy}/example.com/lib/@v/v1.2.0-!r!c.1.mod`);
      expect(rcMod.status).toBe(200);
      expect(await rcMod.text()).toBe(readFileSync(modOnly.mod, 'utf8'));
      expect((await fetch(`${r.goproxy}/example.com/lib/@v/v1.2.0-!r!c.1.zip`)).status).not.toBe(
        200,
      );
      const latest = await fetch(`${r.goproxy}/example.com/lib/@latest`);
      expect(latest.status).toBe(200);
      // The repository itself is not under the published names, and needs credentials.
      expect((await fetch(`${r.goproxy}/.modvault/config`)).status).not.toBe(200);
    },
  );
});
