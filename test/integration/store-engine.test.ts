import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ProgressUpdate } from '../../electron/engine/jobs/job-runner';
import type { GoFixture } from '../fixtures/go-fixture';
import type { StoreChanged } from '../../shared/dto/store';
import { compose } from '../../electron/engine/compose';
import { systemClock } from '../../electron/engine/platform/clock';
import { silentLogger } from '../../electron/engine/platform/logger';
import { WorkerPool } from '../../electron/engine/platform/worker-pool';
import { BackupStore } from '../../electron/engine/store/backup-store';
import { BlobIndex } from '../../electron/engine/store/blob-index';
import { BlobReader } from '../../electron/engine/store/blob-reader';
import type { Db } from '../../electron/engine/store/migrations';
import { Codec } from '../../electron/engine/store/pack-format';
import { SnapshotCatalog } from '../../electron/engine/store/snapshot-catalog';
import { CacheLister } from '../../electron/engine/store/cache-lister';
import { noFaults } from '../../electron/engine/store/fault-points';
import { cacheSource } from '../../electron/engine/store/snapshot-source';
import type { SnapshotSource } from '../../electron/engine/store/snapshot-source';
import { SnapshotWriter } from '../../electron/engine/store/snapshot-writer';
import { systemProcesses } from '../../electron/engine/store/store-lock';
import { copyFixture } from '../helpers/fixture';
import { growCache, versionPaths } from '../helpers/store';

const WORKER = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'worker.mjs');

function engineFor(env: Record<string, string>) {
  const engine = compose({ workerScript: WORKER, env, origin: 'internal' });
  onTestFinished(() => engine.dispose());
  return engine;
}

/** A snapshot writer of its own, for tests that drive it directly (no job, no throttling). */
function writerFor(fx: GoFixture): SnapshotWriter {
  const store = new BackupStore({
    location: () => ({ dir: fx.env.MODVAULT_STORE!, source: 'env' }),
    clock: systemClock,
    logger: silentLogger,
    lockOwner: { pid: process.pid, host: hostname(), now: () => Date.now(), ...systemProcesses },
    faults: noFaults,
    packTargetBytes: 1 << 20,
  });
  const pool = new WorkerPool({ script: WORKER, size: 2, logger: silentLogger });
  onTestFinished(async () => {
    store.close();
    await pool.close();
  });
  return new SnapshotWriter({
    store,
    pool,
    lister: new CacheLister(),
    clock: systemClock,
    host: 'test',
    faults: noFaults,
  });
}

describe('store jobs in the engine', () => {
  it('can be canceled, leaving a sound store, and announces every new snapshot', async () => {
    const fx = await copyFixture();
    await growCache(fx, 12);
    const engine = engineFor({ ...fx.env, MODVAULT_PACK_TARGET_BYTES: '200000' });
    const changes: StoreChanged[] = [];
    engine.events.on('store.changed', (c) => changes.push(c));
    const cancel = new AbortController();
    await expect(
      engine.client.runJob(
        'store.snapshot',
        {},
        { signal: cancel.signal, onStarted: () => cancel.abort() },
      ),
    ).rejects.toMatchObject({ error: { code: 'CANCELED' } });
    expect(changes).toEqual([]);
    expect(await engine.client.query('store.snapshots', {})).toEqual([]);

    const result = await engine.client.runJob('store.snapshot', {});
    expect(result.problems).toEqual([]);
    expect(changes).toEqual([
      { store: fx.env.MODVAULT_STORE, reason: 'snapshot', snapshot: result.id },
    ]);
    const check = await engine.client.runJob('store.check', { readData: 100 });
    expect(check).toMatchObject({ ok: true, problems: [] });
  }, 120_000);

  it('reports progress in phases, with counts and bytes', async () => {
    const fx = await copyFixture();
    await growCache(fx, 12);
    const writer = writerFor(fx);
    const updates: ProgressUpdate[] = [];
    const source = cacheSource(new CacheLister(), fx.gomodcache);
    const result = await writer.run({
      source,
      sumdbDir: null,
      gocache: null,
      progress: (u) => updates.push({ ...u }),
    });
    const phases = updates.flatMap((u) => (u.phase ? [u.phase] : []));
    expect(phases).toEqual(['listing', 'reading', 'files', 'committing']);
    const reading = updates.slice(
      phases.indexOf('reading') + 1,
      updates.findIndex((u) => u.phase === 'files'),
    );
    expect(reading.length).toBe(result.reread);
    const last = reading.at(-1)!;
    const first = updates.find((u) => u.phase === 'reading')!;
    expect(first).toMatchObject({ done: 0, total: result.reread, bytesDone: 0 });
    expect(first.bytesTotal).toBeGreaterThan(12 * 150_000);
    expect(last).toMatchObject({ done: result.reread, bytesDone: first.bytesTotal });
    expect(last.message).toMatch(/^example\.com\/.+@v/);
  });

  it('a zip replaced while it is read is read again; one that keeps changing is reported', async () => {
    const fx = await copyFixture();
    const lister = new CacheLister();
    const writer = writerFor(fx);
    const lib = versionPaths(fx.gomodcache, 'example.com/lib', 'v1.1.0');
    const upper = versionPaths(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0');
    const touch = (file: string) => {
      // Rewritten with the same bytes: Go replacing the file while ModVault reads it.
      writeFileSync(file, readFileSync(file));
      const t = new Date(Date.now() + 1000 + Math.floor(Math.random() * 1e6));
      utimesSync(file, t, t);
    };
    const base = cacheSource(lister, fx.gomodcache);
    const relisted: string[] = [];
    const changing: SnapshotSource = {
      ...base,
      // Both zips change between the listing and the reading; lib's changes every time.
      list: async () => {
        const listing = await base.list();
        touch(lib.zip);
        touch(upper.zip);
        return listing;
      },
      relist: (v) => {
        relisted.push(v.path);
        const again = base.relist(v);
        if (v.path === 'example.com/lib') touch(lib.zip);
        return again;
      },
    };
    const result = await writer.run({ source: changing, sumdbDir: null, gocache: null });
    expect(relisted.sort()).toEqual(['example.com/Upper/Case', 'example.com/lib']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'changed',
        path: 'example.com/lib',
        version: 'v1.1.0',
        file: lib.zip,
        keptFrom: null,
      }),
    ]);
    const versions = await engineFor(fx.env).client.query('store.versions', {
      snapshot: result.id,
    });
    expect(
      versions.some(
        (v) => v.path === 'example.com/Upper/Case' && v.version === 'v1.0.0' && v.verified,
      ),
    ).toBe(true);
    expect(versions.some((v) => v.path === 'example.com/lib' && v.version === 'v1.1.0')).toBe(
      false,
    );
  });

  it('offers restore what it needs: versions, their files with blobs and modes, blob streams', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env);
    const snap = await engine.client.runJob('store.snapshot', {});
    const db: Db = new Database(path.join(fx.env.MODVAULT_STORE!, 'index.sqlite'), {
      readonly: true,
    });
    onTestFinished(() => {
      db.close();
    });
    const catalog = new SnapshotCatalog(db);
    const record = catalog.get(snap.id);
    const lib = catalog
      .versions(record)
      .find((v) => v.path === 'example.com/lib' && v.version === 'v1.1.0')!;
    expect(lib).toMatchObject({ source: 'zip', verified: true, fileCount: 6 });
    const files = catalog.versionFiles(lib.versionId);
    expect(files.map((f) => f.name).sort()).toEqual(
      [
        'LICENSE',
        'go.mod',
        'internal/deep/deep.go',
        'lib.go',
        'shared.go',
        'testdata/blob.bin',
      ].sort(),
    );
    const blobs = new BlobReader(new BlobIndex(db), path.join(fx.env.MODVAULT_STORE!, 'packs'));
    const tree = versionPaths(fx.gomodcache, 'example.com/lib', 'v1.1.0').tree;
    for (const f of files) {
      const onDisk = readFileSync(path.join(tree, ...f.name.split('/')));
      expect(blobs.content(f.blobId).equals(onDisk), f.name).toBe(true);
      const chunks: Buffer[] = [];
      for await (const c of blobs.contentStream(f.blobId)) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(onDisk)).toBe(true);
      // The stored bytes are the zip entry's data as is: a deflate stream, or the content itself.
      const stored: Buffer[] = [];
      for await (const c of blobs.storedStream(f.blobId)) stored.push(c as Buffer);
      const deflated = blobs.location(f.blobId).codec === Codec.Deflate;
      const decoded = deflated ? inflateRawSync(Buffer.concat(stored)) : Buffer.concat(stored);
      expect(decoded.equals(onDisk)).toBe(true);
      expect(f.crc32).toBe(crc32(onDisk));
    }
    expect(blobs.content(lib.modBlob!).toString()).toBe(
      readFileSync(versionPaths(fx.gomodcache, 'example.com/lib', 'v1.1.0').mod, 'utf8'),
    );
    expect(catalog.files(record).map((f) => f.path)).toContain(
      'cache/download/example.com/lib/@v/list',
    );
  });
});
