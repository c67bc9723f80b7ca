import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BuildCacheStatsReader } from '../../electron/engine/gocache/build-cache-stats';
import { systemClock } from '../../electron/engine/platform/clock';
import { copyFixture } from '../helpers/fixture';
import { removeTree, tempDir } from '../helpers/temp';

describe('BuildCacheStatsReader', () => {
  it('counts the entries a real go build left, with their sizes and use times', async () => {
    const fx = await copyFixture();
    const stats = await new BuildCacheStatsReader(systemClock).read(fx.gocache);
    expect(stats.exists).toBe(true);
    expect(stats.actions).toBeGreaterThan(10);
    expect(stats.outputs).toBeGreaterThan(10);
    expect(stats.bytes).toBeGreaterThan(10_000);
    expect(stats.newestUse).toBeGreaterThanOrEqual(stats.oldestUse!);
  });

  it('reads trim.txt, ignores foreign files, and says when the cache is missing or off', async () => {
    const dir = await tempDir('modvault-gocache-');
    onTestFinished(() => removeTree(dir));
    await mkdir(path.join(dir, 'ab'), { recursive: true });
    await writeFile(path.join(dir, 'ab', 'ab12-a'), 'x'.repeat(175));
    await writeFile(path.join(dir, 'ab', 'ab34-d'), 'y'.repeat(1000));
    await writeFile(path.join(dir, 'ab', 'stray.tmp'), 'z'.repeat(5000));
    await mkdir(path.join(dir, 'ab', 'ab56-d'));
    await writeFile(path.join(dir, 'ab', 'ab56-d', 'exe'), 'e'.repeat(300));
    await writeFile(path.join(dir, 'trim.txt'), '1700000000\n');
    await utimes(path.join(dir, 'ab', 'ab12-a'), 1_600_000_000, 1_600_000_000);
    const reader = new BuildCacheStatsReader(systemClock);
    const stats = await reader.read(dir);
    expect(stats).toMatchObject({
      exists: true,
      actions: 1,
      outputs: 2,
      bytes: 175 + 1000 + 300,
      lastTrim: 1_700_000_000_000,
    });
    expect(stats.oldestUse).toBe(1_600_000_000_000);
    expect(await reader.read(path.join(dir, 'nope'))).toMatchObject({
      exists: false,
      disabled: false,
      bytes: 0,
    });
    expect(await reader.read('off')).toMatchObject({ exists: false, disabled: true });
  });
});
