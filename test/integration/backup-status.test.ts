import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { compose } from '../../electron/engine/compose';
import type { NotificationAction, UserNotification } from '../../electron/engine/notify/notifier';
import { copyFixture } from '../helpers/fixture';
import { removeTree } from '../helpers/temp';

const WORKER = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'worker.mjs');

describe('the engine with scheduled backups and the cache watch running', () => {
  it('status: last good and next backup, paused until, the tray’s pause and resume; a deleted cache turns it to warning with a restore notification', async () => {
    const fx = await copyFixture();
    const sent: UserNotification[] = [];
    const engine = compose({
      workerScript: WORKER,
      env: fx.env,
      home: fx.env.HOME!,
      origin: 'internal',
      notifier: { notify: (n) => sent.push(n) },
      preferredLanguages: () => ['en'],
    });
    onTestFinished(() => engine.dispose());
    const { client } = engine;

    // One-shot use (the CLI): no backup section, the store is not even opened for it.
    expect((await engine.status.status()).backup).toBeNull();

    const s = await client.query('schedule.add', {
      spec: { kind: 'daily', at: '03:00' },
      timezone: 'UTC',
      retention: { daily: 7 },
    });
    await engine.startBackground();
    let status = await engine.status.status();
    expect(status.backup).toEqual({ lastGoodAt: null, nextAt: s.nextRuns[0], pausedUntil: null });

    const { jobId } = await client.call('schedule.run', { id: s.id });
    const { info } = await engine.jobs.wait(jobId);
    expect(info).toMatchObject({ command: 'schedule.run', status: 'succeeded' });
    status = await engine.status.status();
    expect(status.backup!.lastGoodAt).toBeGreaterThan(s.createdAt);

    // The tray's entries: schedule.pause {until} and schedule.resume {}.
    const until = Date.now() + 3_600_000;
    const changed = vi.fn();
    const off = engine.events.on('status.changed', changed);
    await client.query('schedule.pause', { until });
    await vi.waitFor(() =>
      expect(changed).toHaveBeenCalledWith(
        expect.objectContaining({ backup: expect.objectContaining({ pausedUntil: until }) }),
      ),
    );
    await client.query('schedule.resume', {});
    expect((await engine.status.status()).backup!.pausedUntil).toBeNull();
    off();

    // Deleted: the tray turns to warning, the notification offers the restore.
    await removeTree(fx.gomodcache);
    await vi.waitFor(
      async () => {
        const now = await engine.status.status();
        expect(now.level).toBe('warning');
        expect(now.reasons[0]).toMatchObject({ kind: 'cache-lost', gone: 8 });
      },
      { timeout: 8000, interval: 100 },
    );
    await vi.waitFor(() => expect(sent.some((n) => n.action)).toBe(true), { timeout: 5000 });
    const note = sent.find((n) => n.action)!;
    const [snapshot] = await client.query('store.snapshots', {});
    expect(note.title).toBe('Go module cache deleted — 8 versions');
    expect(note.action).toEqual<NotificationAction>({
      kind: 'restore',
      label: 'Restore',
      snapshot: snapshot!.id,
      mode: 'quick',
    });
    expect((await client.query('watch.status', {})).lost).toMatchObject([
      { cache: 'gomodcache', reason: 'root-missing', gone: 8, snapshot: { id: snapshot!.id } },
    ]);
  }, 60_000);
});
