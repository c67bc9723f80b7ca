import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LockOwner } from '../../../electron/engine/store/store-lock';
import { StoreLock, systemProcesses } from '../../../electron/engine/store/store-lock';
import { removeTree, tempDir } from '../../helpers/temp';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTree(d);
});

async function storeDir(): Promise<string> {
  const dir = await tempDir('modvault-lock-');
  dirs.push(dir);
  return dir;
}

const owner = (over: Partial<LockOwner> = {}): LockOwner => ({
  pid: process.pid,
  host: 'here',
  command: 'snapshot',
  now: () => Date.now(),
  ...systemProcesses,
  ...over,
});

function writeLock(dir: string, rec: Record<string, unknown>): void {
  writeFileSync(
    StoreLock.file(dir),
    JSON.stringify({
      token: 'old',
      startedAt: '2020-01-01T00:00:00.000Z',
      command: 'snapshot',
      procStart: null,
      ...rec,
    }),
  );
}

describe('store lock', () => {
  it('records pid, host and start time, and lets one writer in at a time', async () => {
    const dir = await storeDir();
    const lock = StoreLock.acquire(dir, owner());
    expect(StoreLock.holder(dir)).toMatchObject({
      pid: process.pid,
      host: 'here',
      command: 'snapshot',
    });
    expect(() => StoreLock.acquire(dir, owner({ command: 'prune' }))).toThrow(
      expect.objectContaining({
        code: 'LOCKED',
        message: expect.stringMatching(/snapshot, pid \d+ on here/),
      }),
    );
    lock.release();
    expect(StoreLock.holder(dir)).toBeNull();
    StoreLock.acquire(dir, owner()).release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = await storeDir();
    writeLock(dir, { pid: 999_999_999, host: 'here' });
    const lock = StoreLock.acquire(dir, owner());
    expect(JSON.parse(readFileSync(StoreLock.file(dir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process', async () => {
    const dir = await storeDir();
    // Our own pid is alive, but the lock says it started at another time: a reused pid.
    writeLock(dir, { pid: process.pid, host: 'here', procStart: 'long-ago' });
    const lock = StoreLock.acquire(dir, owner({ processStart: () => 'now' }));
    lock.release();
  });

  it('leaves a live lock of another host alone, until it stops being refreshed', async () => {
    const dir = await storeDir();
    writeLock(dir, { pid: 1, host: 'elsewhere' });
    expect(() => StoreLock.acquire(dir, owner())).toThrow(
      expect.objectContaining({ code: 'LOCKED' }),
    );
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(StoreLock.file(dir), old, old);
    StoreLock.acquire(dir, owner()).release();
  });

  it('treats an unreadable leftover lock file as stale once it is not being written', async () => {
    const dir = await storeDir();
    writeFileSync(StoreLock.file(dir), '{garbage');
    const old = new Date(Date.now() - 60_000);
    utimesSync(StoreLock.file(dir), old, old);
    StoreLock.acquire(dir, owner()).release();
  });

  it('does not remove a lock that another writer took over meanwhile', async () => {
    const dir = await storeDir();
    const lock = StoreLock.acquire(dir, owner());
    writeLock(dir, { pid: 4242, host: 'here', token: 'someone-else' });
    lock.release();
    expect(StoreLock.holder(dir)?.pid).toBe(4242);
  });
});
