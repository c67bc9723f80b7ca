import { truncateSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { compose } from '../../electron/engine/compose';
import type { AppStatus } from '../../shared/dto/status';
import { downloadFile } from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';

const workerScript = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'worker.mjs');

function engineFor(env: Record<string, string>, storeStatus: boolean) {
  const engine = compose({ workerScript, env, home: env.HOME!, workers: 1, storeStatus });
  onTestFinished(() => engine.dispose());
  return engine;
}

describe('the status reports the last good backup from the store', () => {
  it('follows completed snapshots; failed snapshots and imports leave it alone', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, true);
    expect((await engine.status.status()).backup).toEqual({
      lastGoodAt: null,
      nextAt: null,
      pausedUntil: null,
    });

    const changed = new Promise<AppStatus>((resolve) => {
      const off = engine.events.on('status.changed', (s) => {
        if (s.backup?.lastGoodAt) {
          off();
          resolve(s);
        }
      });
    });
    const first = await engine.client.runJob('store.snapshot', {});
    expect((await changed).backup?.lastGoodAt).toBe(Date.parse(first.time));

    // A backup that fails (the cache is gone) is not a good backup.
    const moved = `${fx.gomodcache}.away`;
    await rename(fx.gomodcache, moved);
    await expect(engine.client.runJob('store.snapshot', {})).rejects.toThrow(/does not exist/);
    await rename(moved, fx.gomodcache);
    expect((await engine.status.status()).backup?.lastGoodAt).toBe(Date.parse(first.time));

    // An import is someone else's cache.
    const out = path.join(fx.root, 'export');
    await engine.client.runJob('store.export', { snapshot: first.id, format: 'dir', out });
    const imported = await engine.client.runJob('store.import', { path: out });
    expect(Date.parse(imported.snapshot.time)).toBeGreaterThan(Date.parse(first.time));
    expect((await engine.status.status()).backup?.lastGoodAt).toBe(Date.parse(first.time));
  });

  it('store.problems lists what a snapshot could not store (the list gives only their number)', async () => {
    const fx = await copyFixture();
    truncateSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 400);
    const engine = engineFor(fx.env, true);
    const snap = await engine.client.runJob('store.snapshot', {});
    expect(snap.problems).toMatchObject([{ kind: 'zip-unreadable', path: 'example.com/lib' }]);
    const [summary] = await engine.client.query('store.snapshots', {});
    expect(summary!.problems).toBe(1);
    expect(await engine.client.query('store.problems', { snapshot: snap.id })).toEqual(
      snap.problems,
    );
    // A snapshot with problems is still the last completed backup.
    expect((await engine.status.status()).backup?.lastGoodAt).toBe(Date.parse(snap.time));
  });

  it('one-shot CLI engines leave the backup section out (they never load SQLite for it)', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, false);
    await engine.client.runJob('store.snapshot', {});
    expect((await engine.status.status()).backup).toBeNull();
  });
});

describe('the one health covers the backup store', () => {
  const storeReasons = (s: AppStatus) => s.reasons.filter((r) => r.kind.startsWith('store-'));

  it('damaged blobs a check found are a warning naming the snapshots, until a backup heals them', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, true);
    const snap = await engine.client.runJob('store.snapshot', {});
    const before = await engine.status.status();
    expect(before.health.store).toMatchObject({ damage: null, damagedBlobs: 0, snapshots: [] });
    expect(storeReasons(before)).toEqual([]);

    const packs = path.join(fx.env.MODVAULT_STORE!, 'packs');
    for (const name of await readdir(packs)) await rm(path.join(packs, name));
    const check = await engine.client.runJob('store.check', { readData: 0 });
    expect(check.ok).toBe(false);
    const damaged = await engine.status.status();
    expect(damaged.health.store?.snapshots).toEqual([snap.id]);
    expect(storeReasons(damaged)).toEqual([
      { kind: 'store-blobs-damaged', blobs: damaged.health.store!.damagedBlobs, snapshots: 1 },
    ]);
    expect(damaged.health.store!.damagedBlobs).toBeGreaterThan(0);
    expect(damaged.level).not.toBe('idle');

    const healed = await engine.client.runJob('store.snapshot', {});
    expect(healed.healed).toBeGreaterThan(0);
    expect(storeReasons(await engine.status.status())).toEqual([]);
  });

  it('an index that cannot describe the store is an error that names the store', async () => {
    const fx = await copyFixture();
    const first = engineFor(fx.env, true);
    await first.client.runJob('store.snapshot', {});
    first.dispose();
    const store = fx.env.MODVAULT_STORE!;
    await writeFile(path.join(store, 'index.sqlite'), Buffer.alloc(8192, 0x5a));
    const s = await engineFor(fx.env, true).status.status();
    expect(s.level).toBe('error');
    expect(storeReasons(s)).toEqual([
      { kind: 'store-damaged', store, message: s.health.store!.damage!.message },
    ]);
    expect(s.health.store!.damage!.fix).toMatch(/repair/);
  });

  it('one-shot CLI engines do not read the store for it', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, false);
    await engine.client.runJob('store.snapshot', {});
    expect((await engine.status.status()).health.store).toBeNull();
  });
});
