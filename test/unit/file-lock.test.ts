import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LockStrategy } from '../../electron/engine/platform/file-lock';
import { FileLocker } from '../../electron/engine/platform/file-lock';
import { downloadFile } from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';
import { removeTree, tempDir } from '../helpers/temp';

/** Whether another process can take the flock right now (util-linux flock, non-blocking). */
const lockable = (file: string) => spawnSync('flock', ['-n', '-x', file, 'true']).status === 0;

describe.each<LockStrategy>(['perl', 'flock'])('FileLocker with the %s helper', (strategy) => {
  it('holds flock(2) locks other processes see, and releases them', async () => {
    const dir = await tempDir('modvault-lock-');
    onTestFinished(() => removeTree(dir));
    const files = [path.join(dir, 'a.lock'), path.join(dir, 'sub', 'b.lock')];
    const locks = await new FileLocker('linux', strategy).lockAll(files);
    expect(locks.held).toBe(true);
    for (const f of files) expect(lockable(f)).toBe(false);
    locks.release();
    for (const f of files) expect(lockable(f)).toBe(true);
  });

  it('waits for a lock held elsewhere, and gives up with LOCKED after the timeout', async () => {
    const dir = await tempDir('modvault-lock-');
    onTestFinished(() => removeTree(dir));
    const file = path.join(dir, 'v1.0.0.lock');
    // The holder says when it has the lock: on a loaded machine a fixed delay is not enough.
    const holder = spawn('flock', ['-x', file, 'sh', '-c', 'echo locked; sleep 0.6']);
    onTestFinished(() => void holder.kill('SIGKILL'));
    await new Promise((r) => holder.stdout.once('data', r));
    const locker = new FileLocker('linux', strategy);
    await expect(locker.lockAll([file], { timeoutMs: 150 })).rejects.toMatchObject({
      code: 'LOCKED',
      path: file,
    });
    const started = Date.now();
    const locks = await locker.lockAll([file], { timeoutMs: 5000 });
    expect(Date.now() - started).toBeGreaterThan(200);
    locks.release();
  });
});

describe('the go command and ModVault share the per-version lock', () => {
  it('go waits while ModVault holds <v>.lock', async () => {
    const fx = await copyFixture();
    rmSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.2.0-RC.1', 'zip'));
    const lockFile = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.2.0-RC.1', 'lock');
    const locks = await new FileLocker('linux').lockAll([lockFile]);
    const started = Date.now();
    const go = spawn('go', ['mod', 'download', 'example.com/lib@v1.2.0-RC.1'], {
      cwd: path.join(fx.root, 'download-only'),
      env: fx.env,
    });
    const exited = new Promise<number | null>((r) => go.on('close', r));
    setTimeout(() => locks.release(), 1500);
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it("falls back to 'none' where no helper exists, saying the lock is not held", async () => {
    const locks = await new FileLocker('win32').lockAll(['C:\\x.lock']);
    expect(locks.held).toBe(false);
  });
});
