import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult, SnapshotResult } from '../../shared/dto/store';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { growCache, snapshot } from '../helpers/store';

// Crash safety (issue: "a kill -9 at any point leaves a store that passes check; the next
// snapshot reuses what was packed"), proven on the real CLI process: SIGKILL at each
// deterministic fault point (MODVAULT_FAULT, see electron/engine/store/fault-points.ts), and at
// timed moments of a snapshot of a larger cache.

const SMALL_PACKS = { MODVAULT_PACK_TARGET_BYTES: '200000' };

async function check(fx: GoFixture, store: string, readData = false): Promise<CheckResult> {
  const res = await runCli(
    ['check', '--json', '--store', store, ...(readData ? ['--read-data'] : [])],
    { env: fx.env },
  );
  const r = res.json<CheckResult>();
  expect(
    r.problems.filter((p) => p.severity !== 'info'),
    res.stdout,
  ).toEqual([]);
  expect(res.code).toBe(0);
  return r;
}

/** After a kill: the store checks clean, and a snapshot completes with the full contents. */
async function resume(
  fx: GoFixture,
  store: string,
  reference: SnapshotResult,
): Promise<SnapshotResult> {
  await check(fx, store);
  const next = await snapshot(fx, ['--store', store], { env: { ...fx.env, ...SMALL_PACKS } });
  expect(next.code, next.stderr).toBe(0);
  expect(next.result).toMatchObject({
    versions: reference.versions,
    bytes: reference.bytes,
    problems: [],
  });
  const after = await check(fx, store, true);
  expect(after.problems).toEqual([]); // the snapshot swept every orphan pack
  return next.result;
}

describe('crash safety of snapshots', () => {
  it('survives SIGKILL at every write step and reuses what was committed', async () => {
    const fx = await copyFixture();
    await growCache(fx, 18);
    const env = { ...fx.env, ...SMALL_PACKS };
    const reference = (await snapshot(fx, ['--store', path.join(fx.root, 'reference')], { env }))
      .result;
    expect(reference.problems).toEqual([]);

    const points = [
      'pack-written:1',
      'pack-synced:1',
      'pack-committed:1',
      'versions-committed:2',
      'pack-written:3',
      'snapshot-committing',
      'snapshot-committed',
    ];
    for (const point of points) {
      const store = path.join(fx.root, `store-${point.replace(':', '-')}`);
      const killed = await runCli(['snapshot', '--json', '--store', store], {
        env: { ...env, MODVAULT_FAULT: point },
      });
      expect(killed.code, `${point}: ${killed.stderr}`).toBeNull();
      const next = await resume(fx, store, reference);
      if (point === 'pack-written:1' || point === 'pack-synced:1') {
        // Nothing was committed before the kill: everything is read and stored again.
        expect(next.newVersions).toBe(reference.versions);
      } else if (point === 'snapshot-committed') {
        expect(next).toMatchObject({ newVersions: 0, reread: 0, bytesAdded: 0 });
      } else {
        // Committed packs (and the versions they complete) are reused, not read or stored again.
        expect(next.reread, point).toBeLessThan(reference.versions);
        expect(next.bytesAdded, point).toBeLessThan(reference.bytesAdded);
      }
    }
  }, 240_000);

  it('survives SIGKILL at arbitrary moments, again and again', async () => {
    const fx = await copyFixture();
    await growCache(fx, 30);
    const env = { ...fx.env, ...SMALL_PACKS };
    const started = Date.now();
    const reference = (await snapshot(fx, ['--store', path.join(fx.root, 'reference')], { env }))
      .result;
    const wall = Date.now() - started;
    const store = path.join(fx.root, 'killed');
    let kills = 0;
    let checked = 0;
    // Spread over the length of a whole snapshot: startup, listing, reading, packing, committing.
    for (const fraction of [0.3, 0.5, 0.65, 0.8, 0.9]) {
      const ms = Math.round(wall * fraction);
      const r = await runCli(['snapshot', '--json', '--store', store], { env, killAfterMs: ms });
      if (r.code !== null) continue;
      kills++;
      // Killed before the index existed: there is no store to check yet.
      if (!existsSync(path.join(store, 'index.sqlite'))) continue;
      await check(fx, store);
      checked++;
    }
    expect(kills).toBeGreaterThan(1);
    expect(checked).toBeGreaterThan(0);
    await resume(fx, store, reference);
  }, 240_000);
});
