import { chmod, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import type { TwoSnapshots } from '../helpers/store-faults';
import {
  checkStore,
  everythingRestores,
  repairStore,
  restoresExactly,
  twoSnapshots,
} from '../helpers/store-faults';

// Lost and damaged packs (issue 12): check names the pack and the snapshots it affects and
// records the damage; the next snapshot of a cache that still has the content stores it again
// (it does not reuse the broken blobs), says what it healed, and the older snapshots restore
// completely again.

/** The pack holding the most data blobs of the first snapshot (the second snapshot's are later). */
async function firstSnapshotPack(t: TwoSnapshots): Promise<string> {
  const db = new Database(path.join(t.store, 'index.sqlite'), { readonly: true });
  try {
    const name = db
      .prepare(
        `SELECT p.name FROM packs p JOIN blobs b ON b.pack_id = p.id
         JOIN version_files f ON f.blob_id = b.id
         JOIN version_set_items i ON i.version_id = f.version_id
         JOIN snapshots s ON s.version_set_id = i.set_id
         WHERE s.id = ? GROUP BY p.id ORDER BY count(*) DESC LIMIT 1`,
      )
      .pluck()
      .get(t.first) as string;
    return path.join(t.store, 'packs', name);
  } finally {
    db.close();
  }
}

/** Check finds it, the next snapshot heals it, and then every snapshot restores. */
async function healsAfterCheck(t: TwoSnapshots, pack: string, readData: boolean): Promise<void> {
  const check = await checkStore(t, readData ? ['--read-data'] : []);
  expect(check.code, check.res.stdout).toBe(1);
  const errors = check.r.problems.filter((p) => p.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.some((p) => p.file === pack)).toBe(true);
  // Both snapshots share the fixture's versions: both are affected.
  expect(errors.flatMap((p) => p.snapshots)).toEqual(expect.arrayContaining([t.first, t.second]));

  const next = await snapshot(t.fx, [], { env: t.env });
  expect(next.code, next.stderr).toBe(0);
  expect(next.result.healed).toBeGreaterThan(0);
  expect(next.result.healedSnapshots).toEqual(expect.arrayContaining([t.first, t.second]));
  t.states.set(next.result.id, t.states.get(t.second)!);
  const human = await runCli(['snapshot'], { env: t.env });
  expect(human.stdout).not.toMatch(/Healed/); // nothing left to heal
  await everythingRestores(t);
}

// Each case runs several CLI processes, snapshots and restores: slow on a loaded machine.
describe('store faults: packs', { timeout: 240_000 }, () => {
  it('a deleted pack: check names it, the next snapshot heals it', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await rm(pack, { force: true });
    await healsAfterCheck(t, pack, false);
  });

  it('a truncated pack: check names it, the next snapshot heals it', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await chmod(pack, 0o644);
    await truncate(pack, Math.floor((await stat(pack)).size / 2));
    await healsAfterCheck(t, pack, false);
  });

  it('a bit-flipped pack: check --read-data names it, the next snapshot heals it', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await chmod(pack, 0o644);
    const bytes = await readFile(pack);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x40;
    await writeFile(pack, bytes);
    await healsAfterCheck(t, pack, true);
  });

  it('a snapshot heals a pack that vanished even without a check first', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await rm(pack);
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.result.healed).toBeGreaterThan(0);
    expect(next.result.healedSnapshots).toEqual(expect.arrayContaining([t.first]));
    const human = (await runCli(['snapshots'], { env: t.env })).stdout;
    expect(human).toContain(t.first);
    await everythingRestores(t);
  });

  it('a restore that meets damaged data records it, and the next snapshot heals it', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await chmod(pack, 0o644);
    const bytes = await readFile(pack);
    for (let i = 200; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0x11;
    await writeFile(pack, bytes);
    const target = path.join(t.fx.root, 'restore-damaged');
    const broken = await runCli(
      ['restore', t.first, '--json', '--mode', 'full', '--target-gomodcache', target],
      { env: t.env },
    );
    expect(broken.code).not.toBe(0);
    expect(broken.stderr + broken.stdout).toMatch(/is damaged/);
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.result.healed).toBeGreaterThan(0);
    await restoresExactly(t, t.first);
  });

  it('repair of an intact index with lost packs reports which snapshots lost what', async () => {
    const t = await twoSnapshots(await copyFixture());
    const packs = (await readdir(path.join(t.store, 'packs'))).sort();
    const pack = await firstSnapshotPack(t);
    await rm(pack);
    const { code, r } = await repairStore(t);
    expect(code).toBe(1);
    expect(r).toMatchObject({ index: 'ok', rebuilt: false, ok: false });
    expect(r.blobsDamaged).toBeGreaterThan(0);
    const lossOf = (id: string) => r.losses.find((l) => l.snapshot === id);
    expect(lossOf(t.first)).toMatchObject({ versionCount: expect.any(Number) });
    expect(lossOf(t.first)!.versionCount + lossOf(t.first)!.files).toBeGreaterThan(0);
    expect(lossOf(t.first)!.versions[0]).toMatch(/^example\.com\/.+@v/);
    expect(packs.length).toBeGreaterThan(1);
    // The cache still has it all: a snapshot heals the store, and repair then finds it whole.
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.result.healed).toBeGreaterThan(0);
    const again = await repairStore(t);
    expect(again.r).toMatchObject({ ok: true, losses: [] });
    await everythingRestores(t);
  });

  it('a pack with a damaged record header in the middle: repair keeps every other blob', async () => {
    const t = await twoSnapshots(await copyFixture());
    const pack = await firstSnapshotPack(t);
    await chmod(pack, 0o644);
    const bytes = await readFile(pack);
    // The second record header: its magic, its hash and its lengths garbled.
    const second = bytes.indexOf(Buffer.from('BLB1'), 9);
    expect(second).toBeGreaterThan(8);
    bytes.fill(0xee, second, second + 60);
    await writeFile(pack, bytes);
    await rm(path.join(t.store, 'index.sqlite'));
    const { code, r } = await repairStore(t);
    expect(code).toBe(1); // one blob is gone: the snapshots naming it are incomplete
    expect(r).toMatchObject({ rebuilt: true, packsSalvaged: 1 });
    expect(r.movedAside.some((m) => m.from === pack)).toBe(true);
    expect(r.losses.map((l) => l.snapshot)).toEqual(expect.arrayContaining([t.first]));
    expect(r.losses.every((l) => l.blobs <= 1)).toBe(true);
    const check = await checkStore(t);
    expect(check.code).toBe(1);
    expect(check.r.problems.map((p) => p.kind)).toContain('blob-lost');
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.result.healed).toBe(1);
    await everythingRestores(t);
  });

  it('a damaged manifest: check names it, repair rewrites it from the index', async () => {
    const t = await twoSnapshots(await copyFixture());
    const dir = path.join(t.store, 'snapshots');
    const name = (await readdir(dir)).find((n) => n.startsWith(t.first))!;
    const file = path.join(dir, name);
    await chmod(file, 0o644);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"kind": "snapshot"', '"kind": "snapshoT"'));
    const check = await checkStore(t);
    expect(check.code).toBe(1);
    expect(check.r.problems).toEqual([
      expect.objectContaining({ kind: 'manifest-damaged', file, snapshots: [t.first] }),
    ]);
    const { code, r } = await repairStore(t);
    expect(code).toBe(0);
    expect(r.manifestsWritten).toBe(1);
    expect(r.movedAside).toEqual([expect.objectContaining({ from: file })]);
    expect(await readFile(file, 'utf8')).toBe(text); // the same immutable file, again
    expect((await checkStore(t)).code).toBe(0);
  });

  it('a damaged manifest without the index: the other snapshots come back, it is moved aside', async () => {
    const t = await twoSnapshots(await copyFixture());
    const dir = path.join(t.store, 'snapshots');
    const name = (await readdir(dir)).find((n) => n.startsWith(t.second))!;
    await chmod(path.join(dir, name), 0o644);
    await writeFile(path.join(dir, name), '{"format": "modvault-snapshot", "id": "garbage"');
    await rm(path.join(t.store, 'index.sqlite'));
    await rm(path.join(t.store, 'index.sqlite.bak'));
    const { code, r } = await repairStore(t);
    expect(code).toBe(1);
    expect(r.snapshotsRecovered).toEqual([t.first]);
    expect(r.movedAside).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: path.join(dir, name),
          reason: expect.stringMatching(/cannot be recovered/),
        }),
      ]),
    );
    t.states.delete(t.second);
    await everythingRestores(t);
    const next = await snapshot(t.fx, [], { env: t.env });
    expect(next.code, next.stderr).toBe(0);
  });
});
