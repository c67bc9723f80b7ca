import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FsOps } from '../../electron/engine/platform/fs-ops';
import type { RetryPolicy } from '../../electron/engine/platform/fs-retry';
import { retryingFsOps, retryPolicyFor, withRetry } from '../../electron/engine/platform/fs-retry';
import { TreeOps } from '../../electron/engine/platform/tree-ops';

const errno = (code: string, p = '/x') =>
  Object.assign(new Error(`${code}: ${p}`), { code, path: p });

/** A policy whose sleeps are recorded instead of waited for. */
function fakePolicy(platform: NodeJS.Platform): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return { ...retryPolicyFor(platform), sleep: async (ms) => void slept.push(ms), slept };
}

/** An operation that fails with `codes` in turn, then succeeds. */
function flaky(codes: string[]) {
  let calls = 0;
  const op = async () => {
    const code = codes[calls++];
    if (code) throw errno(code);
    return 'done';
  };
  return { op, calls: () => calls };
}

describe('retrying transient Windows errors (like Go robustio)', () => {
  it('retries sharing violations and access-denied on Windows until the call succeeds', async () => {
    const policy = fakePolicy('win32');
    const f = flaky(['EBUSY', 'EPERM', 'EACCES']);
    await expect(withRetry(f.op, policy)).resolves.toBe('done');
    expect(f.calls()).toBe(4);
    expect(policy.slept).toEqual([10, 20, 40]);
  });

  it('gives up with the last error after about two seconds', async () => {
    const policy = fakePolicy('win32');
    const f = flaky(Array(100).fill('EBUSY'));
    await expect(withRetry(f.op, policy)).rejects.toMatchObject({ code: 'EBUSY' });
    expect(policy.slept.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Math.max(...policy.slept)).toBe(500);
  });

  it('does not retry elsewhere, nor errors that are not transient', async () => {
    const linux = fakePolicy('linux');
    const f = flaky(['EBUSY']);
    await expect(withRetry(f.op, linux)).rejects.toMatchObject({ code: 'EBUSY' });
    expect(f.calls()).toBe(1);
    const win = fakePolicy('win32');
    const g = flaky(['ENOENT']);
    await expect(withRetry(g.op, win)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(win.slept).toEqual([]);
  });
});

/** An in-memory file system that records calls, for the Windows code paths. */
function memoryFs(files: Record<string, { dir?: boolean; mode: number; size?: number }>) {
  const calls: string[] = [];
  const stat = (p: string) => {
    const e = files[p];
    if (!e) throw errno('ENOENT', p);
    return { mode: e.mode, size: e.size ?? 0, isDirectory: () => !!e.dir } as unknown as Stats;
  };
  const ops: FsOps = {
    lstat: async (p) => stat(p),
    readdir: async (p) =>
      Object.keys(files)
        .filter((k) => k.startsWith(p + '/') && !k.slice(p.length + 1).includes('/'))
        .map((k) => k.slice(p.length + 1)),
    chmod: async (p, mode) => {
      calls.push(`chmod ${p} ${mode.toString(8)}`);
      files[p]!.mode = mode;
    },
    rename: async (a, b) => {
      calls.push(`rename ${a} ${b}`);
      files[b] = files[a]!;
      delete files[a];
    },
    unlink: async (p) => {
      // Windows refuses to delete a file with the read-only attribute.
      if (!(files[p]!.mode & 0o200)) throw errno('EPERM', p);
      calls.push(`unlink ${p}`);
      delete files[p];
    },
    rmdir: async (p) => {
      calls.push(`rmdir ${p}`);
      delete files[p];
    },
    mkdir: async () => {},
  };
  return { ops, calls, files };
}

describe('TreeOps on Windows', () => {
  it('clears the read-only attribute before deleting, and retries a file held open by a scanner', async () => {
    const mem = memoryFs({
      '/c/mod': { dir: true, mode: 0o555 },
      '/c/mod/a.go': { mode: 0o444, size: 10 },
      '/c/mod/b.go': { mode: 0o444, size: 5 },
    });
    let busy = 2;
    const ops: FsOps = {
      ...mem.ops,
      unlink: async (p) => {
        if (p.endsWith('b.go') && busy-- > 0) throw errno('EBUSY', p);
        return mem.ops.unlink(p);
      },
    };
    const policy = fakePolicy('win32');
    const trees = new TreeOps({ ops: retryingFsOps(ops, policy), platform: 'win32' });
    await expect(trees.remove('/c/mod')).resolves.toEqual({ files: 2, bytes: 15 });
    expect(mem.calls).toContain('chmod /c/mod/a.go 666');
    expect(mem.calls).toContain('chmod /c/mod/b.go 666');
    expect(mem.calls.at(-1)).toBe('rmdir /c/mod');
    expect(policy.slept).toEqual([10, 20]);
    expect(mem.files).toEqual({});
  });

  it('explains a file that stays locked past the retry budget', async () => {
    const mem = memoryFs({ '/c/f': { mode: 0o666 } });
    const ops: FsOps = { ...mem.ops, unlink: async (p) => Promise.reject(errno('EBUSY', p)) };
    const trees = new TreeOps({ ops: retryingFsOps(ops, fakePolicy('win32')), platform: 'win32' });
    await expect(trees.remove('/c/f')).rejects.toMatchObject({ code: 'BUSY', path: '/c/f' });
  });
});

describe('TreeOps on Unix', () => {
  it('grants a read-only parent write access for the move and puts its mode back', async () => {
    const mem = memoryFs({
      '/m/parent': { dir: true, mode: 0o555 },
      '/m/parent/tree': { dir: true, mode: 0o555 },
      '/q': { dir: true, mode: 0o755 },
    });
    let denied = true;
    const ops: FsOps = {
      ...mem.ops,
      rename: async (a, b) => {
        if (denied && !(mem.files['/m/parent']!.mode & 0o200)) throw errno('EACCES', a);
        denied = false;
        return mem.ops.rename(a, b);
      },
    };
    const trees = new TreeOps({ ops, platform: 'linux' });
    await trees.move('/m/parent/tree', '/q/tree');
    expect(mem.calls).toEqual([
      'chmod /m/parent/tree 755',
      'chmod /m/parent 755',
      'rename /m/parent/tree /q/tree',
      'chmod /m/parent 555',
      'chmod /q/tree 555',
    ]);
  });

  it('refuses to move across volumes instead of copying', async () => {
    const mem = memoryFs({ '/m/f': { mode: 0o644 } });
    const ops: FsOps = { ...mem.ops, rename: async (a) => Promise.reject(errno('EXDEV', a)) };
    const trees = new TreeOps({ ops, platform: 'linux' });
    await expect(trees.move('/m/f', '/other/f')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
