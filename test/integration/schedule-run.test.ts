import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ScheduledRunResult, ScheduleView } from '../../shared/dto/schedule';
import type { SnapshotSummary } from '../../shared/dto/store';
import { latestOfCache, newestHolding } from '../../electron/engine/store/snapshot-coverage';
import type { Db } from '../../electron/engine/store/migrations';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot, versionPaths } from '../helpers/store';
import { removeTree } from '../helpers/temp';

async function cli<T>(fx: GoFixture, args: string[]): Promise<T> {
  const res = await runCli([...args, '--json'], { env: fx.env });
  expect(res.code, `${args.join(' ')}: ${res.stdout}\n${res.stderr}`).toBe(0);
  return res.json<T>();
}

describe('scheduled runs (the real job: snapshot, then retention)', () => {
  it('applies the schedule’s retention after each run and records the state', async () => {
    const fx = await copyFixture();
    const s = await cli<ScheduleView>(fx, ['schedule', 'add', '--every', '1h', '--keep-last', '2']);
    const runs: ScheduledRunResult[] = [];
    for (let i = 0; i < 3; i++) runs.push(await cli(fx, ['schedule', 'run', s.id]));
    expect(runs.map((r) => r.retention?.remove.length)).toEqual([0, 0, 1]);
    expect(runs[2]!.retention!.remove[0]!.id).toBe(runs[0]!.snapshot.id);
    expect(runs[2]!.retention!.prune).not.toBeNull();
    const snaps = await cli<SnapshotSummary[]>(fx, ['snapshots']);
    expect(snaps.map((x) => x.id).sort()).toEqual(
      [runs[1]!.snapshot.id, runs[2]!.snapshot.id].sort(),
    );
    const [view] = await cli<ScheduleView[]>(fx, ['schedule', 'list']);
    expect(view!.state).toMatchObject({
      lastSnapshot: runs[2]!.snapshot.id,
      lastError: null,
      failures: 0,
      runningBy: null,
    });
  });

  it('holds retention when a snapshot is far smaller than the one before (a cache deleted mid-run)', async () => {
    const fx = await copyFixture();
    const s = await cli<ScheduleView>(fx, [
      'schedule',
      'add',
      '--daily',
      '03:00',
      '--keep-last',
      '1',
    ]);
    await cli(fx, ['schedule', 'run', s.id]);
    await removeTree(path.join(fx.gomodcache, 'example.com'));
    await removeTree(path.join(fx.gomodcache, 'cache', 'download', 'example.com'));
    const shrunk = await cli<ScheduledRunResult>(fx, ['schedule', 'run', s.id]);
    expect(shrunk.snapshot.versions).toBe(0);
    expect(shrunk.retention).toBeNull();
    expect(shrunk.retentionHeld).toMatch(
      /Retention not applied: this snapshot holds 0 module versions, the previous one 8/,
    );
    expect(await cli<SnapshotSummary[]>(fx, ['snapshots'])).toHaveLength(2);
  });

  it('names the newest snapshot holding most of what was lost', async () => {
    const fx = await copyFixture();
    const all = (await snapshot(fx)).result;
    const rc = versionPaths(fx.gomodcache, 'example.com/lib', 'v1.2.0-RC.1');
    for (const f of [rc.zip, rc.ziphash, rc.mod, rc.info]) await rm(f, { force: true });
    await removeTree(rc.tree);
    const fewer = (await snapshot(fx)).result;
    expect(fewer.versions).toBe(7);
    const db = new Database(path.join(fx.env.MODVAULT_STORE!, 'index.sqlite'), {
      readonly: true,
    }) as Db;
    onTestFinished(() => {
      db.close();
    });
    const latest = latestOfCache(db, fx.gomodcache)!;
    expect(latest.id).toBe(fewer.id);
    expect(latest.versions.has('example.com/Upper/Case@v1.0.0')).toBe(true);
    expect(latest.versions.has('example.com/lib@v1.2.0-RC.1')).toBe(false);
    // All eight lost: only the first snapshot has them all.
    const lost = [...latest.versions, 'example.com/lib@v1.2.0-RC.1'];
    expect(newestHolding(db, fx.gomodcache, lost)).toMatchObject({ id: all.id, has: 8 });
    // Only what both hold: the newer one.
    expect(newestHolding(db, fx.gomodcache, [...latest.versions])).toMatchObject({
      id: fewer.id,
      has: 7,
    });
    expect(newestHolding(db, fx.gomodcache, ['example.com/none@v1.0.0'])).toBeNull();
  });

  it('refuses bad schedules with a message and exit code 2', async () => {
    const fx = await copyFixture();
    const bad = async (args: string[], message: RegExp) => {
      const r = await runCli(['schedule', 'add', ...args], { env: fx.env });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    await bad(['--cron', '61 * * * *'], /Not a valid cron expression: 61 \* \* \* \*/);
    await bad(['--daily', '25:00'], /HH:MM/);
    await bad(['--daily', '02:00', '--tz', 'Mars/Olympus'], /Unknown time zone: Mars\/Olympus/);
    await bad(['--every', '2s', '--daily', '02:00'], /exactly one of --every, --daily/);
    await bad(['--weekly', 'mon,funday', '--at', '10:00'], /--weekly: cannot read "mon,funday"/);
    await bad(['--every', 'soon'], /--every: cannot read "soon"/);
    const none = await runCli(['schedule', 'remove', 'abcd1234'], { env: fx.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No schedule abcd1234/);
  });
});
