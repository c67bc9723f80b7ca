import { mkdir, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { JobInfo } from '../../../shared/dto/jobs';
import type { CacheLost } from '../../../shared/dto/watch';
import { AuditLog } from '../../../electron/engine/clean/audit-log';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { EventBus } from '../../../electron/engine/rpc/event-bus';
import { BuildCacheMonitor } from '../../../electron/engine/schedule/build-cache-monitor';
import { buildCensus, moduleCensus } from '../../../electron/engine/schedule/cache-census';
import { CacheWatcher } from '../../../electron/engine/schedule/cache-watcher';
import { DirWatch } from '../../../electron/engine/schedule/dir-watch';
import { ModuleCacheMonitor } from '../../../electron/engine/schedule/module-cache-monitor';
import { eventsWorkFor } from '../../../electron/engine/schedule/watched-caches';
import { BackupStore } from '../../../electron/engine/store/backup-store';
import { FaultPoints } from '../../../electron/engine/store/fault-points';
import { systemProcesses } from '../../../electron/engine/store/store-lock';
import { ManualClock } from '../../helpers/manual-clock';
import { removeTree, tempDir } from '../../helpers/temp';

/** Writes the cache/download files of `n` versions (module m<i>, escaped when upper case). */
async function fakeModuleCache(root: string, n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const mod = i % 2 ? `example.com/m${i}` : `example.com/Upper${i}`;
    const dir = path.join(
      root,
      'cache',
      'download',
      ...mod.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`).split('/'),
      '@v',
    );
    await mkdir(dir, { recursive: true });
    for (const ext of ['mod', 'zip', 'ziphash', 'info'])
      await writeFile(path.join(dir, `v1.0.0.${ext}`), '');
    await writeFile(path.join(dir, 'list'), 'v1.0.0\n');
    keys.push(`${mod}@v1.0.0`);
  }
  return keys;
}

async function setup(opts: { modules?: number; threshold?: number } = {}) {
  const dir = await tempDir('modvault-watch-');
  onTestFinished(() => removeTree(dir));
  const gomodcache = path.join(dir, 'gopath', 'pkg', 'mod');
  const gocache = path.join(dir, 'gocache');
  const keys = await fakeModuleCache(gomodcache, opts.modules ?? 10);
  for (const hex of ['00', '01', '0a', 'ff']) {
    await mkdir(path.join(gocache, hex), { recursive: true });
    await writeFile(path.join(gocache, hex, `${hex}-a`), '');
  }
  const clock = new ManualClock();
  const events = new EventBus();
  const audit = new AuditLog(path.join(dir, 'data'), () => clock.now());
  const store = new BackupStore({
    location: () => ({ dir: path.join(dir, 'store'), source: 'option' }),
    clock,
    logger: silentLogger,
    lockOwner: { pid: process.pid, host: 'h', now: () => clock.now(), ...systemProcesses },
    faults: new FaultPoints(undefined),
    packTargetBytes: 1 << 20,
  });
  const deps = { store, audit };
  const watcher = new CacheWatcher({
    monitors: async () => [
      new ModuleCacheMonitor(gomodcache, deps),
      new BuildCacheMonitor(gocache, deps),
    ],
    thresholdPercent: async () => opts.threshold ?? 30,
    events,
    clock,
    logger: silentLogger,
    eventsWork: () => true,
  });
  onTestFinished(() => watcher.stop());
  const lost: CacheLost[] = [];
  events.on('cache-lost', (l) => lost.push(l));
  let changes = 0;
  watcher.onChange(() => changes++);
  /** Runs the watcher's timers (the confirmation look) up to `ms` from now. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await vi.waitFor(() => expect(watcher['checking']).toBeNull());
  };
  return {
    dir,
    gomodcache,
    gocache,
    keys,
    clock,
    audit,
    watcher,
    lost,
    changes: () => changes,
    advance,
  };
}

const removeVersions = (gomodcache: string, keys: string[]) =>
  Promise.all(
    keys.map((k) => {
      const mod = k.slice(0, k.indexOf('@')).replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
      return rm(path.join(gomodcache, 'cache', 'download', ...mod.split('/')), { recursive: true });
    }),
  );

describe('cache census', () => {
  it('counts versions from cache/download names alone, unescaped, junk ignored', async () => {
    const { gomodcache, keys, gocache } = await setup({ modules: 4 });
    await mkdir(path.join(gomodcache, 'example.com', 'm1@v1.0.0'), { recursive: true });
    const at = path.join(gomodcache, 'cache', 'download', 'example.com', 'm1', '@v');
    await writeFile(path.join(at, 'not-a-version.mod'), '');
    await writeFile(path.join(at, 'v1.0.0.lock'), '');
    await writeFile(path.join(at, 'v2.0.0.partial'), '');
    const census = moduleCensus(gomodcache);
    expect(census.exists).toBe(true);
    expect([...census.versions].sort()).toEqual([...keys].sort());
    expect(keys).toContain('example.com/Upper0@v1.0.0');
    expect(buildCensus(gocache)).toEqual({ exists: true, dirs: 4 });
    expect(moduleCensus(path.join(gomodcache, 'nope'))).toEqual({
      exists: false,
      versions: new Set(),
    });
  });
});

describe('CacheWatcher', () => {
  it('raises cache-lost for a sharp drop after a second look, once, and clears it when the versions are back', async () => {
    const w = await setup({ modules: 10 });
    await w.watcher.start();
    expect((await w.watcher.status()).caches[0]).toMatchObject({
      cache: 'gomodcache',
      exists: true,
      count: 10,
    });
    await removeVersions(w.gomodcache, w.keys.slice(0, 4));
    await w.watcher.check();
    expect(w.lost).toHaveLength(0); // seen once: looked at again shortly
    await w.advance(1500);
    expect(w.lost).toHaveLength(1);
    expect(w.lost[0]).toMatchObject({
      cache: 'gomodcache',
      root: w.gomodcache,
      reason: 'count-dropped',
      before: 10,
      now: 6,
      gone: 4,
      snapshot: null,
    });
    expect(w.watcher.isLost('gomodcache')).toBe(true);
    expect(w.changes()).toBe(1);
    await w.watcher.check();
    expect(w.lost).toHaveLength(1);
    // Restored: the loss is over.
    await fakeModuleCache(w.gomodcache, 10);
    await w.watcher.check();
    expect(w.watcher.losses()).toEqual([]);
    expect(w.changes()).toBe(2);
  });

  it('waits for a deletion under way to settle, then keeps the figures current', async () => {
    const w = await setup({ modules: 24 });
    await w.watcher.start();
    // rm -rf of a large cache: the count goes on dropping from one look to the next.
    await removeVersions(w.gomodcache, w.keys.slice(0, 8));
    await w.watcher.check();
    await removeVersions(w.gomodcache, w.keys.slice(8, 14));
    await w.advance(1500);
    await removeVersions(w.gomodcache, w.keys.slice(14, 18));
    await w.advance(1500);
    expect(w.lost).toHaveLength(0); // still changing: no alarm with a half-done count
    await w.advance(1500);
    expect(w.lost).toMatchObject([{ before: 24, now: 6, gone: 18 }]);
    // More goes after the alarm: the loss (what the banner shows) follows, no second alarm.
    await removeVersions(w.gomodcache, w.keys.slice(18, 22));
    await w.watcher.check();
    expect(w.watcher.losses()).toMatchObject([{ now: 2, gone: 22, at: w.lost[0]!.at }]);
    expect(w.lost).toHaveLength(1);
  });

  it('a finished restore ends the loss at once, without waiting for the next periodic look', async () => {
    const w = await setup({ modules: 10 });
    const events = w.watcher['d'].events;
    await w.watcher.start();
    await removeVersions(w.gomodcache, w.keys.slice(0, 6));
    await w.watcher.check();
    await w.advance(1500);
    expect(w.watcher.isLost('gomodcache')).toBe(true);
    await fakeModuleCache(w.gomodcache, 10);
    const finished = (command: string) =>
      events.emit('job.finished', {
        job: { command, status: 'succeeded' } as JobInfo,
        result: null,
      });
    finished('cache.scan');
    await w.advance(0);
    expect(w.watcher.isLost('gomodcache')).toBe(true);
    finished('restore.run');
    await w.advance(0);
    expect(w.watcher.losses()).toEqual([]);
  });

  it('a drop below the threshold is not a loss; a deleted root always is', async () => {
    const w = await setup({ modules: 10, threshold: 30 });
    await w.watcher.start();
    await removeVersions(w.gomodcache, w.keys.slice(0, 2));
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toHaveLength(0);
    await rm(path.dirname(path.dirname(w.gomodcache)), { recursive: true });
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toMatchObject([{ reason: 'root-missing', before: 8, now: 0, gone: 8 }]);
  });

  it('what ModVault itself cleaned up (the audit log) raises no alarm', async () => {
    const w = await setup({ modules: 10 });
    await w.watcher.start();
    w.clock.advance(1000);
    const gone = w.keys.slice(0, 6);
    await removeVersions(w.gomodcache, gone);
    await w.audit.append(
      gone.map((k) => ({
        action: 'quarantine' as const,
        rule: 'unused',
        path: k.slice(0, k.indexOf('@')),
        version: 'v1.0.0',
        bytes: 1,
        undo: 'q-1',
        ok: true,
      })),
    );
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toHaveLength(0);
    // A whole-cache cleanup by ModVault (clean all) names the root.
    await w.audit.append([
      {
        action: 'delete',
        rule: 'all/modcache',
        path: w.gomodcache,
        version: null,
        bytes: 1,
        undo: null,
        ok: true,
      },
    ]);
    await rm(w.gomodcache, { recursive: true });
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toHaveLength(0);
  });

  it('the build cache is lost when its 00…ff folders go (go clean -cache), not when Go trims entries', async () => {
    const w = await setup();
    await w.watcher.start();
    await rm(path.join(w.gocache, '00', '00-a'));
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toHaveLength(0);
    for (const hex of ['00', '01', '0a', 'ff'])
      await rm(path.join(w.gocache, hex), { recursive: true });
    await appendFile(path.join(w.gocache, 'README'), 'left by go clean');
    await w.watcher.check();
    await w.advance(1500);
    expect(w.lost).toMatchObject([
      { cache: 'gocache', reason: 'count-dropped', before: 4, now: 0, gone: 4 },
    ]);
  });
});

describe('DirWatch', () => {
  it('reports a watched folder deleted, and watches it again once it is back', async () => {
    const dir = await tempDir('modvault-dirwatch-');
    onTestFinished(() => removeTree(dir));
    const target = path.join(dir, 'mod');
    await mkdir(target);
    const onEvent = vi.fn();
    const watch = new DirWatch(onEvent, silentLogger);
    onTestFinished(() => watch.close());
    expect(watch.sync([dir, target])).toEqual(new Set([dir, target]));
    await rm(target, { recursive: true });
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalled());
    expect(watch.sync([dir, target])).toEqual(new Set([dir]));
    await mkdir(target);
    expect(watch.sync([dir, target])).toEqual(new Set([dir, target]));
  });

  it('trusts no events on WSL’s Windows drives', () => {
    expect(
      eventsWorkFor('linux', '5.15.90.1-microsoft-standard-WSL2')('/mnt/c/Users/me/go/pkg/mod'),
    ).toBe(false);
    expect(eventsWorkFor('linux', '5.15.90.1-microsoft-standard-WSL2')('/home/me/go/pkg/mod')).toBe(
      true,
    );
    expect(eventsWorkFor('linux', '6.8.0-generic')('/mnt/c/go')).toBe(true);
  });
});
