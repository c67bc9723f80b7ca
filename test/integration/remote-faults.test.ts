import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PushResult,
  RemoteCheckResult,
  RemoteForgetResult,
  RemoteRestoreResult,
  RemoteSnapshot,
} from '../../shared/dto/remote';
import type { GoFixture } from '../fixtures/go-fixture';
import { spawn } from 'node:child_process';
import { CLI } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { addRemote, cli, freshPrefix, objectsUnder, ok, remoteEnv } from '../helpers/remote';
import { deleteCacheAsUser } from '../helpers/restore';
import { CountingProxy, haveS3Server, S3Server } from '../helpers/s3-server';
import { growCache, snapshot } from '../helpers/store';

// What must never corrupt a remote or a module cache: the server dying mid-push (the push
// resumes) and mid-restore (nothing half-written), bad or read-only keys, a tampered object,
// two machines pushing at once, retention on the remote.

type Err = { error: { code: string; message: string; fix?: string } };
let server: S3Server;
const PACK = { MODVAULT_REMOTE_PACK_BYTES: '200000' };

describe.skipIf(!haveS3Server)('remotes: faults and many writers', () => {
  beforeAll(async () => {
    server = await S3Server.start();
    await server.createBucket('team');
  });
  afterAll(async () => server?.dispose());

  async function machineWithBulk(count: number): Promise<GoFixture> {
    const fx = await copyFixture();
    await growCache(fx, count);
    const s = await snapshot(fx);
    expect(s.code, s.stderr).toBe(0);
    return fx;
  }

  async function emptyMachine(): Promise<GoFixture> {
    const fx = await copyFixture();
    await deleteCacheAsUser(fx, false);
    return fx;
  }

  const packsOf = (prefix: string) =>
    objectsUnder(server, 'team', prefix).filter((o) => o.key.startsWith('.modvault/packs/'));
  const prefixOf = (url: string) => url.replace('s3://team/', '');

  it(
    'the server dies mid-push: the push fails clearly, and the next one skips the packs already sent',
    { timeout: 240_000 },
    async () => {
      const a = await machineWithBulk(24);
      const url = freshPrefix();
      const proxy = await CountingProxy.start(server.port);
      try {
        const env = remoteEnv(a, undefined, PACK);
        await addRemote(env, 'team', url, proxy);
        proxy.when(
          () => proxy.up > 1_500_000,
          () => void server.stop().then(() => proxy.dropAll()),
        );
        const failed = await cli(['push', '--to', 'team', '--json'], env);
        expect(failed.code, failed.stderr).toBe(2);
        expect(failed.json<Err>().error.code, failed.stdout).toBe('DISCONNECTED');
        expect(failed.json<Err>().error.fix).toMatch(/resumes/);
        await server.resume();
        const sent = packsOf(prefixOf(url));
        expect(sent.length).toBeGreaterThan(0);
        // Nothing refers to them yet: the remote holds no snapshot, and says so.
        const listed = await ok<RemoteSnapshot[]>(['snapshots', '--from', 'team'], env);
        expect(listed).toEqual([]);

        const r = await ok<PushResult>(['push', '--to', 'team'], env);
        expect(r.pushed).toHaveLength(1);
        expect(r.packsResumed).toBe(sent.length);
        for (const p of sent) {
          const now = packsOf(prefixOf(url)).find((x) => x.key === p.key);
          expect(now, p.key).toMatchObject({ ino: p.ino, mtimeMs: p.mtimeMs });
        }
        const check = await ok<RemoteCheckResult>(['remote', 'check', 'team', '--read-data'], env);
        expect(check.ok, JSON.stringify(check.problems)).toBe(true);
      } finally {
        await server.resume().catch(() => {});
        await proxy.close();
      }
    },
  );

  it(
    'Ctrl-C cancels a push at once; the next push finishes it without sending the packs again',
    { timeout: 240_000 },
    async () => {
      const a = await machineWithBulk(24);
      const url = freshPrefix();
      const proxy = await CountingProxy.start(server.port);
      try {
        const env = remoteEnv(a, undefined, PACK);
        await addRemote(env, 'team', url, proxy);
        const child = spawn(process.execPath, [CLI, 'push', '--to', 'team', '--json'], { env });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        proxy.when(
          () => proxy.up > 1_000_000,
          () => child.kill('SIGINT'),
        );
        const code = await new Promise<number | null>((r) => child.on('close', r));
        expect(code).toBe(130);
        expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'CANCELED' } });
        const sent = packsOf(prefixOf(url)).length;
        expect(sent).toBeGreaterThan(0);
        const r = await ok<PushResult>(['push', '--to', 'team'], env);
        expect(r.pushed).toHaveLength(1);
        expect(r.packsResumed).toBe(sent);
      } finally {
        await proxy.close();
      }
    },
  );

  it(
    'the server dies mid-restore: a clear error, nothing written to the cache, nothing left behind',
    { timeout: 240_000 },
    async () => {
      const a = await machineWithBulk(24);
      const url = freshPrefix();
      await addRemote(remoteEnv(a, undefined, PACK), 'team', url, server);
      await ok<PushResult>(['push', '--to', 'team'], remoteEnv(a, undefined, PACK));

      const b = await emptyMachine();
      const proxy = await CountingProxy.start(server.port);
      try {
        const env = remoteEnv(b);
        await addRemote(env, 'team', url, proxy);
        const start = proxy.down;
        proxy.when(
          () => proxy.down - start > 1_500_000,
          () => void server.stop().then(() => proxy.dropAll()),
        );
        const failed = await cli(['restore', '--from', 'team', '--json'], env);
        expect(failed.code, failed.stderr).toBe(2);
        expect(failed.json<Err>().error.code, failed.stdout).toBe('DISCONNECTED');
        expect(existsSync(b.gomodcache)).toBe(false);
        const staging = path.join(b.env.HOME!, '.local', 'share', 'modvault', 'remote-staging');
        expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
        await server.resume();
        const r = await ok<RemoteRestoreResult>(['restore', '--from', 'team'], env);
        expect(r.failed).toEqual([]);
        expect(r.verified).toBe(r.restored);
      } finally {
        await server.resume().catch(() => {});
        await proxy.close();
      }
    },
  );

  it(
    'wrong credentials and a read-only key: clear refusals; the read-only key still restores',
    { timeout: 240_000 },
    async () => {
      const a = await copyFixture();
      expect((await snapshot(a)).code).toBe(0);
      const url = freshPrefix();
      await addRemote(remoteEnv(a), 'team', url, server);
      const bad = remoteEnv(a, {
        accessKeyId: 'modvault-admin',
        secretAccessKey: 'not-the-secret',
      });
      const wrong = await cli(['push', '--to', 'team', '--json'], bad);
      expect(wrong.code).toBe(2);
      expect(wrong.json<Err>().error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringMatching(/rejected the credentials/),
      });
      const none = remoteEnv(a);
      delete none.AWS_ACCESS_KEY_ID;
      delete none.AWS_SECRET_ACCESS_KEY;
      const noKeys = await cli(['push', '--to', 'team', '--json'], none);
      expect(noKeys.code).toBe(2);
      expect(noKeys.json<Err>().error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringMatching(/No credentials/),
      });
      await ok<PushResult>(['push', '--to', 'team'], remoteEnv(a));

      await server.createUser('reader', 'reader-secret');
      await server.setPolicy('team', [
        {
          Effect: 'Allow',
          Principal: { AWS: ['reader'] },
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::team', 'arn:aws:s3:::team/*'],
        },
      ]);
      const reader = { accessKeyId: 'reader', secretAccessKey: 'reader-secret' };
      expect((await snapshot(a)).code).toBe(0);
      const denied = await cli(['push', '--to', 'team', '--json'], remoteEnv(a, reader));
      expect(denied.code).toBe(2);
      expect(denied.json<Err>().error).toMatchObject({
        code: 'PERMISSION_DENIED',
        message: expect.stringMatching(/denied access/),
      });
      const check = await ok<RemoteCheckResult>(['remote', 'check', 'team'], remoteEnv(a, reader));
      expect(check).toMatchObject({ ok: true, writable: false, snapshots: 1 });

      const b = await emptyMachine();
      await addRemote(remoteEnv(b, reader), 'team', url, server);
      const r = await ok<RemoteRestoreResult>(['restore', '--from', 'team'], remoteEnv(b, reader));
      expect(r.failed).toEqual([]);
      expect(r.restored).toBeGreaterThan(0);
    },
  );

  it(
    'a tampered pack is detected and named, and nothing of it is restored',
    { timeout: 240_000 },
    async () => {
      const a = await copyFixture();
      const snap = await snapshot(a);
      const url = freshPrefix();
      await addRemote(remoteEnv(a), 'team', url, server);
      await ok<PushResult>(['push', '--to', 'team'], remoteEnv(a));
      const packs = packsOf(prefixOf(url));
      const victim = packs.sort(
        (x, y) => readFileSync(y.file).length - readFileSync(x.file).length,
      )[0]!;
      const bytes = readFileSync(victim.file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x20;
      writeFileSync(victim.file, bytes);

      const b = await emptyMachine();
      await addRemote(remoteEnv(b), 'team', url, server);
      const r = await cli(['restore', '--from', 'team', '--json'], remoteEnv(b));
      expect(r.code).toBe(2);
      expect(r.json<Err>().error).toMatchObject({
        code: 'CORRUPT',
        message: expect.stringContaining(victim.key),
      });
      expect(existsSync(b.gomodcache)).toBe(false);
      const check = await cli(['remote', 'check', 'team', '--read-data', '--json'], remoteEnv(a));
      expect(check.code).toBe(1);
      const result = check.json<RemoteCheckResult>();
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual(
        expect.objectContaining({
          kind: 'blob-data',
          file: victim.key,
          snapshots: [snap.result.id],
        }),
      );
    },
  );

  it(
    'two machines push to one remote at once; both snapshots restore and the remote checks clean',
    { timeout: 300_000 },
    async () => {
      const [a, b] = await Promise.all([machineWithBulk(6), copyFixture()]);
      await growCache(b, 9);
      const sb = await snapshot(b);
      const url = freshPrefix();
      await addRemote(remoteEnv(a, undefined, PACK), 'team', url, server);
      await addRemote(remoteEnv(b, undefined, PACK), 'team', url, server);
      const [ra, rb] = await Promise.all([
        ok<PushResult>(['push', '--to', 'team'], remoteEnv(a, undefined, PACK)),
        ok<PushResult>(['push', '--to', 'team'], remoteEnv(b, undefined, PACK)),
      ]);
      expect(ra.pushed).toHaveLength(1);
      expect(rb.pushed).toEqual([sb.result.id]);
      const check = await ok<RemoteCheckResult>(
        ['remote', 'check', 'team', '--read-data'],
        remoteEnv(a),
      );
      expect(check.ok, JSON.stringify(check.problems)).toBe(true);
      expect(check.snapshots).toBe(2);
      for (const id of [ra.pushed[0]!, rb.pushed[0]!]) {
        const c = await emptyMachine();
        await addRemote(remoteEnv(c), 'team', url, server);
        const r = await ok<RemoteRestoreResult>(['restore', id, '--from', 'team'], remoteEnv(c));
        expect(r.failed).toEqual([]);
        expect(r.verified).toBe(r.restored);
      }
    },
  );

  it(
    'forget --prune on a remote frees what only forgotten snapshots used; the rest restores',
    { timeout: 240_000 },
    async () => {
      const a = await machineWithBulk(12);
      const url = freshPrefix();
      const env = remoteEnv(a, undefined, PACK);
      await addRemote(env, 'team', url, server);
      const first = await ok<PushResult>(['push', '--to', 'team'], env);
      // The bulk versions leave the cache; the next snapshot no longer holds them.
      for (const d of readdirSync(path.join(a.gomodcache, 'cache', 'download', 'example.com')))
        if (d.startsWith('bulk'))
          await import('../helpers/temp').then((t) =>
            t.removeTree(path.join(a.gomodcache, 'cache', 'download', 'example.com', d)),
          );
      for (const d of readdirSync(path.join(a.gomodcache, 'example.com')))
        if (d.startsWith('bulk'))
          await import('../helpers/temp').then((t) =>
            t.removeTree(path.join(a.gomodcache, 'example.com', d)),
          );
      const second = await snapshot(a);
      await ok<PushResult>(['push', second.result.id, '--to', 'team'], env);
      const before = packsOf(prefixOf(url)).length;
      const r = await ok<RemoteForgetResult>(
        ['forget', first.pushed[0]!, '--remote', 'team', '--prune'],
        env,
      );
      expect(r.remove.map((x) => x.id)).toEqual(first.pushed);
      expect(r.prune!.packsDeleted).toBeGreaterThan(0);
      // No repacking: what a kept pack no longer needs is reported, the rest is freed.
      expect(r.prune!.bytesFreed + r.prune!.unusedBytesKept).toBeGreaterThan(12 * 150_000);
      expect(r.prune!.bytesFreed).toBeGreaterThan(0);
      expect(packsOf(prefixOf(url)).length).toBe(before - r.prune!.packsDeleted);
      const list = await ok<RemoteSnapshot[]>(['snapshots', '--from', 'team'], env);
      expect(list.map((s) => s.id)).toEqual([second.result.id]);
      const check = await ok<RemoteCheckResult>(['remote', 'check', 'team', '--read-data'], env);
      expect(check.ok, JSON.stringify(check.problems)).toBe(true);
      const c = await emptyMachine();
      await addRemote(remoteEnv(c), 'team', url, server);
      const restored = await ok<RemoteRestoreResult>(['restore', '--from', 'team'], remoteEnv(c));
      expect(restored.failed).toEqual([]);
      expect(restored.restored).toBe(second.result.versions);
    },
  );
});
