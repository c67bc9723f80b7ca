import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
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
  it('follows snapshots: a snapshot missing a damaged version is not a good backup', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, true);
    expect((await engine.status.status()).backup).toEqual({
      lastGoodAt: null,
      nextAt: null,
      pausedUntil: null,
    });

    // The first snapshot cannot store lib v1.0.0 well: its zip is truncated.
    const zip = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip');
    const good = readFileSync(zip);
    truncateSync(zip, 400);
    const first = await engine.client.runJob('store.snapshot', {});
    expect(first.problems.map((p) => p.kind)).toEqual(['zip-unreadable']);
    expect((await engine.status.status()).backup?.lastGoodAt).toBeNull();
    const problems = await engine.client.query('store.problems', { snapshot: first.id });
    expect(problems).toEqual(first.problems);

    // Repaired: the next snapshot is a good backup, and status.changed says so.
    writeFileSync(zip, good);
    const changed = new Promise<AppStatus>((resolve) => {
      const off = engine.events.on('status.changed', (s) => {
        if (s.backup?.lastGoodAt) {
          off();
          resolve(s);
        }
      });
    });
    const second = await engine.client.runJob('store.snapshot', {});
    expect(second.problems).toEqual([]);
    expect((await changed).backup?.lastGoodAt).toBe(Date.parse(second.time));

    // Damaged again: the snapshot carries the earlier good copy, so it is still a good backup.
    truncateSync(zip, 400);
    const third = await engine.client.runJob('store.snapshot', {});
    expect(third.problems).toMatchObject([{ kind: 'zip-unreadable', keptFrom: second.id }]);
    expect((await engine.status.status()).backup?.lastGoodAt).toBe(Date.parse(third.time));
  });

  it('one-shot CLI engines leave the backup section out (they never load SQLite for it)', async () => {
    const fx = await copyFixture();
    const engine = engineFor(fx.env, false);
    await engine.client.runJob('store.snapshot', {});
    expect((await engine.status.status()).backup).toBeNull();
  });
});
