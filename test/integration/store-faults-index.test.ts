import { copyFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RepairResult, SnapshotSummary } from '../../shared/dto/store';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { cacheState } from '../helpers/restore';
import { growCache, snapshot } from '../helpers/store';
import { copyTree } from '../helpers/temp';
import type { TwoSnapshots } from '../helpers/store-faults';
import {
  backupFiles,
  checkStore,
  everythingRestores,
  expectRefusal,
  repairStore,
  twoSnapshots,
} from '../helpers/store-faults';

// A damaged, missing or stale index (issue 12): the store is never taken for a new one. Every
// writing command refuses before it touches anything, check reports it with the fix, and
// `store repair` brings every snapshot back from the packs and the snapshot manifests.

/** Each writer refuses and leaves every pack, manifest and the kept index as they were. */
async function writersRefuse(t: TwoSnapshots): Promise<void> {
  const before = backupFiles(t.store);
  expect(before.size).toBeGreaterThan(3);
  const exportDir = path.join(t.fx.root, 'export-for-import');
  const writers = [
    ['snapshot'],
    ['snapshot', '--gocache'],
    ['forget', '--keep-last', '1'],
    ['prune'],
    ['import', exportDir],
  ];
  for (const args of writers) {
    const res = await runCli(args, { env: t.env });
    expectRefusal(res, t.store);
  }
  // Reading commands give the same clear error (or, for check, report it).
  for (const args of [['snapshots'], ['diff', 'latest', '--current']]) {
    const res = await runCli(args, { env: t.env });
    expectRefusal(res, t.store);
  }
  const check = await checkStore(t);
  expect(check.code).toBe(1);
  expect(check.r.problems).toEqual([
    expect.objectContaining({
      kind: 'index-damaged',
      file: path.join(t.store, 'index.sqlite'),
      fix: expect.stringContaining('modvault store repair'),
    }),
  ]);
  expect(backupFiles(t.store)).toEqual(before);
}

/** Repair rebuilds the index; afterwards all is as before, and writing works again. */
async function repairBringsAllBack(t: TwoSnapshots, state: string): Promise<RepairResult> {
  const { code, r } = await repairStore(t);
  expect(code, JSON.stringify(r)).toBe(0);
  expect(r).toMatchObject({ index: state, rebuilt: true, ok: true, losses: [] });
  expect(r.snapshotsRecovered.sort()).toEqual([t.first, t.second].sort());
  expect(r.movedAside.map((m) => path.basename(m.from))).toContain('index.sqlite.bak');
  const list = (await runCli(['snapshots', '--json'], { env: t.env })).json<SnapshotSummary[]>();
  expect(list.map((s) => s.id)).toEqual([t.first, t.second]);
  await everythingRestores(t);
  const again = await snapshot(t.fx, [], { env: t.env });
  expect(again.code, again.stderr).toBe(0);
  expect(again.result).toMatchObject({ newVersions: 0, problems: [] });
  return r;
}

async function prepare(): Promise<TwoSnapshots> {
  const t = await twoSnapshots(await copyFixture());
  // An export to import: import is a writer too.
  const exp = await runCli(
    ['export', t.first, '--format', 'dir', '--out', path.join(t.fx.root, 'export-for-import')],
    { env: t.env },
  );
  expect(exp.code, exp.stderr).toBe(0);
  return t;
}

const index = (t: TwoSnapshots) => path.join(t.store, 'index.sqlite');

// Each case runs several CLI processes, snapshots and restores: slow on a loaded machine.
describe('store faults: the index', { timeout: 240_000 }, () => {
  it('an emptied index (0 bytes) is a damaged store, not a new one', async () => {
    const t = await prepare();
    await truncate(index(t), 0);
    await writersRefuse(t);
    await repairBringsAllBack(t, 'empty');
  });

  it('a deleted index is a damaged store; repair rebuilds it', async () => {
    const t = await prepare();
    await rm(index(t));
    await writersRefuse(t);
    await repairBringsAllBack(t, 'missing');
  });

  it('a garbled index is a damaged store; repair moves it aside and rebuilds it', async () => {
    const t = await prepare();
    const garbage = Buffer.alloc(64 * 1024, 0x2a);
    await writeFile(index(t), garbage);
    await writersRefuse(t);
    const r = await repairBringsAllBack(t, 'garbled');
    // The garbled file is kept, not deleted.
    const aside = r.movedAside.find((m) => m.from === index(t))!;
    expect(aside.to.startsWith(path.join(t.store, 'damaged'))).toBe(true);
    expect((await readFile(aside.to)).equals(garbage)).toBe(true);
    // A second repair finds an intact index and changes nothing.
    const second = await repairStore(t);
    expect(second.r).toMatchObject({ index: 'ok', rebuilt: false, ok: true, movedAside: [] });
  });

  it('an index without the schema (a bare SQLite file) is a damaged store', async () => {
    const t = await prepare();
    await rm(index(t));
    const bare = new Database(index(t)); // a valid database without the store's tables
    bare.exec('CREATE TABLE notes (text TEXT)');
    bare.close();
    await writersRefuse(t);
    await repairBringsAllBack(t, 'no-schema');
  });

  it('an index with the schema but no snapshots while packs exist is refused and repaired', async () => {
    const t = await prepare();
    // The index of a brand-new store, put over this one's.
    const fresh = path.join(t.fx.root, 'fresh-store');
    await runCli(['schedule', 'add', '--every', '1h', '--store', fresh], { env: t.fx.env });
    expect(existsSync(path.join(fresh, 'index.sqlite'))).toBe(true);
    await copyFile(path.join(fresh, 'index.sqlite'), index(t));
    await rm(`${index(t)}-wal`, { force: true });
    await rm(`${index(t)}-shm`, { force: true });
    const before = backupFiles(t.store);
    for (const args of [['snapshot'], ['prune']])
      expectRefusal(await runCli(args, { env: t.env }), t.store);
    expect(backupFiles(t.store)).toEqual(before);
    const check = await checkStore(t);
    expect(check.code).toBe(1);
    expect(check.r.problems.map((p) => p.kind)).toContain('index-behind');
    const { code, r } = await repairStore(t);
    expect(code).toBe(0);
    expect(r).toMatchObject({ index: 'behind', rebuilt: false, ok: true });
    expect(r.snapshotsRecovered.sort()).toEqual([t.first, t.second].sort());
    await everythingRestores(t);
  });

  it('an index older than the store (put back from a copy) is refused, and repair adds what it lacks', async () => {
    const fx = await copyFixture();
    const env = { ...fx.env, MODVAULT_PACK_TARGET_BYTES: '120000' };
    const first = (await snapshot(fx, [], { env })).result;
    const store = fx.env.MODVAULT_STORE!;
    const old = path.join(fx.root, 'old-index.sqlite');
    await copyFile(path.join(store, 'index.sqlite'), old);
    const states = new Map([[first.id, cacheState(fx.gomodcache)]]);
    await growCache(fx, 3);
    const second = (await snapshot(fx, [], { env })).result;
    states.set(second.id, cacheState(fx.gomodcache));
    await copyFile(old, path.join(store, 'index.sqlite'));
    const t: TwoSnapshots = { fx, store, env, states, first: first.id, second: second.id };

    const before = backupFiles(store);
    const res = await runCli(['snapshot'], { env });
    expectRefusal(res, store);
    expect(res.stderr).toMatch(/older than the store/);
    expect(backupFiles(store)).toEqual(before);
    const check = await checkStore(t);
    expect(check.code).toBe(1);
    expect(check.r.problems.filter((p) => p.kind === 'index-behind').length).toBeGreaterThan(1);

    const { code, r } = await repairStore(t);
    expect(code).toBe(0);
    expect(r).toMatchObject({ index: 'behind', rebuilt: false, ok: true });
    expect(r.snapshotsRecovered).toEqual([second.id]);
    expect(r.packsAdded).toBeGreaterThan(0);
    await everythingRestores(t);
  });

  it('a crash after a pack is written but before its rows commit: the pack is kept and used', async () => {
    const t = await prepare();
    await growCache(t.fx, 2, 100);
    const killed = await runCli(['snapshot'], {
      env: { ...t.env, MODVAULT_FAULT: 'pack-synced:1' },
    });
    expect(killed.code).toBeNull();
    // The interrupted write is recognized as such: a note, not damage.
    const check = await checkStore(t);
    expect(check.code, check.res.stdout).toBe(0);
    expect(check.r.problems.map((p) => p.kind)).toEqual(['orphan-pack']);
    expect(check.r.problems[0]!.severity).toBe('info');
    // Repair keeps the durable pack (its blobs are indexed); of the pack being filled, the
    // complete blobs are copied into a new pack and the file is moved aside, not deleted.
    const { code, r } = await repairStore(t);
    expect(code).toBe(0);
    expect(r).toMatchObject({ index: 'ok', rebuilt: false, packsAdded: 1, ok: true });
    expect(r.blobsIndexed).toBeGreaterThan(0);
    for (const m of r.movedAside) {
      expect(m.from).toMatch(/\.pack\.tmp$/);
      expect(m.reason).toMatch(/interrupted write/);
      expect(existsSync(m.to)).toBe(true);
    }
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.code, next.stderr).toBe(0);
    await everythingRestores(t);
  });

  it('a write-ahead log left by a killed writer is used, never dropped, even read-only', async () => {
    const t = await prepare();
    await growCache(t.fx, 1, 100);
    const killed = await runCli(['snapshot'], {
      env: { ...t.env, MODVAULT_FAULT: 'snapshot-committed' },
    });
    expect(killed.code).toBeNull();
    expect(existsSync(`${index(t)}-wal`)).toBe(true);
    const copy = path.join(t.fx.root, 'store-copy');
    await copyTree(t.store, copy);
    const list = await runCli(['snapshots', '--json', '--store', copy], { env: t.env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<SnapshotSummary[]>()).toHaveLength(3);
    // The log without its index is not a store to start afresh: refused.
    await rm(index(t));
    const res = await runCli(['snapshot'], { env: t.env });
    expectRefusal(res, t.store);
    expect(existsSync(`${index(t)}-wal`)).toBe(true);
    const { code, r } = await repairStore(t);
    expect(code).toBe(0);
    expect(r.movedAside.map((m) => path.basename(m.from))).toContain('index.sqlite-wal');
    expect(r.snapshots).toBe(3);
  });
});
