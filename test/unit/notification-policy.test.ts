import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../shared/dto/jobs';
import type { AppStatus } from '../../shared/dto/status';
import type { UserNotification } from '../../electron/engine/notify/notifier';
import { NotificationPolicy } from '../../electron/engine/notify/notification-policy';
import { systemClock } from '../../electron/engine/platform/clock';
import { silentLogger } from '../../electron/engine/platform/logger';
import { EventBus } from '../../electron/engine/rpc/event-bus';
import { SettingsStore } from '../../electron/engine/settings/settings-store';
import { createI18n } from '../../shared/i18n';
import { removeTree, tempDir } from '../helpers/temp';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTree(d);
});

async function setup(languages = ['en-US']) {
  const dir = await tempDir('modvault-notify-');
  dirs.push(dir);
  const events = new EventBus();
  const settings = new SettingsStore({
    file: path.join(dir, 'settings.json'),
    events,
    clock: systemClock,
    logger: silentLogger,
    defaultStoreDir: dir,
  });
  const sent: UserNotification[] = [];
  new NotificationPolicy({
    notifier: { notify: (n) => sent.push(n) },
    events,
    settings,
    preferredLanguages: () => languages,
    logger: silentLogger,
  });
  // Handlers are async (they read the settings file): wait for the expected count, then a little
  // longer to be sure nothing more arrives.
  const settle = async (count: number) => {
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(count), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
  };
  return { events, settings, sent, settle };
}

const job = (over: Partial<JobInfo>): JobInfo =>
  ({
    id: 'cache-verify-1',
    command: 'cache.verify',
    title: 'Verify the module cache',
    status: 'succeeded',
    createdAt: 0,
    startedAt: 0,
    endedAt: 60_000,
    error: null,
    ...over,
  }) as JobInfo;

const status = (over: Partial<AppStatus>): AppStatus =>
  ({
    level: 'idle',
    reasons: [],
    activeJobs: [],
    lastFailure: null,
    cache: {
      gomodcache: '/home/me/go/pkg/mod',
      exists: true,
      versions: 276,
      damaged: 0,
      leftovers: 0,
      scannedAt: 1,
    },
    verify: null,
    cacheLost: [],
    backup: null,
    power: { onBattery: false, lastResumeAt: null },
    ...over,
  }) as AppStatus;

describe('NotificationPolicy', () => {
  it('notifies long jobs and every failure, opening the job in Activity; quick ones stay silent', async () => {
    const { events, sent, settle } = await setup();
    events.emit('job.finished', { job: job({ endedAt: 2000 }), result: null });
    events.emit('job.finished', { job: job({ status: 'canceled' }), result: null });
    events.emit('job.finished', { job: job({}), result: null });
    events.emit('job.finished', {
      job: job({
        id: 'f',
        status: 'failed',
        endedAt: 10,
        error: { code: 'NO_SPACE', message: 'The disk is full.' },
      }),
      result: null,
    });
    await settle(2);
    expect(sent.sort((a, b) => a.route.localeCompare(b.route))).toEqual([
      {
        title: 'Verify the module cache: done',
        body: 'Finished in 1 min 0 s.',
        route: 'activity/cache-verify-1',
        severity: 'info',
      },
      {
        title: 'Verify the module cache: failed',
        body: 'The disk is full.',
        route: 'activity/f',
        severity: 'error',
      },
    ]);
  });

  it('tells once when the cache disappears, in the user’s language', async () => {
    const { events, sent, settle } = await setup(['zh-Hans-CN']);
    events.emit('status.changed', status({}));
    events.emit(
      'status.changed',
      status({ cache: { ...status({}).cache!, exists: false, versions: 0 } }),
    );
    events.emit(
      'status.changed',
      status({ cache: { ...status({}).cache!, exists: false, versions: 0 } }),
    );
    await settle(1);
    expect(sent).toEqual([
      {
        title: 'Go 模块缓存已被删除',
        body: '/home/me/go/pkg/mod 已不存在（其中原有 276 个版本）。',
        route: 'dashboard',
        severity: 'warning',
      },
    ]);
  });

  it('a cache the watcher saw deleted: "N versions", with a quick-restore action for the snapshot holding them', async () => {
    const { events, sent, settle } = await setup();
    const snapshotTime = Date.UTC(2025, 5, 1, 8, 30);
    const loss = {
      cache: 'gomodcache' as const,
      root: '/home/me/go/pkg/mod',
      reason: 'root-missing' as const,
      before: 276,
      now: 0,
      gone: 276,
      snapshot: { id: '3f2a9c1d', time: snapshotTime, has: 276 },
      at: snapshotTime + 60_000,
    };
    events.emit('status.changed', status({}));
    events.emit('cache-lost', loss);
    // The scan that later finds the cache missing says nothing more.
    events.emit(
      'status.changed',
      status({ cache: { ...status({}).cache!, exists: false, versions: 0 }, cacheLost: [loss] }),
    );
    events.emit('cache-lost', { ...loss, cache: 'gocache', gone: 1200, snapshot: null });
    await settle(2);
    const { fmt } = createI18n('en');
    expect(sent).toEqual([
      {
        title: 'Go module cache deleted — 276 versions',
        body: `Restore them from the backup of ${fmt.dateTime(snapshotTime)}.`,
        route: 'dashboard',
        severity: 'warning',
        action: { kind: 'restore', label: 'Restore', snapshot: '3f2a9c1d', mode: 'quick' },
      },
      {
        title: 'Go build cache deleted — 1,200 entries',
        body: 'No backup holds them: go mod download fetches them again when you are online.',
        route: 'dashboard',
        severity: 'warning',
      },
    ]);
  });

  it('respects the settings', async () => {
    const { events, sent, settle, settings } = await setup();
    await settings.update({ notifyJobs: false, notifyProblems: false });
    events.emit('job.finished', { job: job({ status: 'failed' }), result: null });
    events.emit('cache-lost', {
      cache: 'gomodcache',
      root: '/r',
      reason: 'root-missing',
      before: 1,
      now: 0,
      gone: 1,
      snapshot: null,
      at: 1,
    });
    events.emit('status.changed', status({}));
    events.emit(
      'status.changed',
      status({ verify: { at: 5, checked: 3, errors: 2, warnings: 0 } }),
    );
    await settle(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toEqual([]);
  });
});
