import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CacheLayout } from '../../../electron/engine/gomod/layout';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { WorkerCrashError, WorkerPool } from '../../../electron/engine/platform/worker-pool';
import { fixtureEnv } from '../../fixtures/go-fixture';
import { removeTree, tempDir } from '../../helpers/temp';

// A worker speaking the pool's protocol, with tasks that misbehave on purpose.
const TEST_WORKER = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id, task, args }) => {
  const reply = (value) => parentPort.postMessage({ id, ok: true, value });
  switch (task) {
    case 'echo': return reply(args);
    case 'thread': return setTimeout(() => reply(threadId), args?.ms ?? 0);
    case 'spin': { const end = Date.now() + args.ms; while (Date.now() < end); return reply('spun'); }
    case 'fail':
      return parentPort.postMessage({ id, ok: false, error: { name: 'ZipFormatError', message: 'zip: bad', code: 'EACCES', path: '/z' } });
    case 'crash': return setTimeout(() => { throw new Error('boom'); }, args?.ms ?? 0);
    case 'exit': return setTimeout(() => process.exit(3), args?.ms ?? 0);
  }
});
`;

let dir: string;
let script: string;
const pools: WorkerPool[] = [];
beforeAll(async () => {
  dir = await tempDir('modvault-pool-');
  script = path.join(dir, 'test-worker.mjs');
  writeFileSync(script, TEST_WORKER);
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
afterAll(() => removeTree(dir));

function pool(size: number, more: { idleMs?: number; script?: string } = {}): WorkerPool {
  const p = new WorkerPool({
    script: more.script ?? script,
    size,
    idleMs: more.idleMs,
    logger: silentLogger,
  });
  pools.push(p);
  return p;
}

// The pool is typed by the engine's task table; the test worker has its own tasks.
const run = (p: WorkerPool, task: string, args?: unknown, signal?: AbortSignal) =>
  (p.run as (t: string, a: unknown, s?: AbortSignal) => Promise<unknown>)(task, args, signal);

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value, error: null as unknown }),
    (error: unknown) => ({ value: undefined, error }),
  );

describe('WorkerPool', () => {
  it('runs tasks on at most `size` threads', async () => {
    const p = pool(2);
    expect(await run(p, 'echo', { a: [1, 'x'] })).toEqual({ a: [1, 'x'] });
    const ids = await Promise.all(Array.from({ length: 6 }, () => run(p, 'thread', { ms: 50 })));
    expect(new Set(ids).size).toBe(2);
  });

  it('hands back task errors with their name, code and path', async () => {
    const { error } = await settle(run(pool(1), 'fail'));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ZipFormatError',
      message: 'zip: bad',
      code: 'EACCES',
      path: '/z',
    });
    expect(error).not.toBeInstanceOf(WorkerCrashError);
  });

  it('cancels a queued task without running it', async () => {
    const p = pool(1);
    const busy = run(p, 'spin', { ms: 300 });
    const controller = new AbortController();
    const queued = settle(run(p, 'echo', 'never', controller.signal));
    controller.abort();
    const { error } = await queued;
    expect(error).toMatchObject({ code: 'CANCELED' });
    expect(await busy).toBe('spun');
  });

  it('cancels a running task by replacing its thread', async () => {
    const p = pool(1);
    const controller = new AbortController();
    const first = await run(p, 'thread');
    const started = Date.now();
    const spinning = settle(run(p, 'spin', { ms: 10_000 }, controller.signal));
    setTimeout(() => controller.abort(), 100);
    const { error } = await spinning;
    expect(error).toMatchObject({ code: 'CANCELED' });
    expect(Date.now() - started).toBeLessThan(3000);
    // The pool goes on with a fresh thread.
    const next = await run(p, 'thread');
    expect(next).not.toBe(first);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { error } = await settle(run(pool(1), 'echo', 1, AbortSignal.abort()));
    expect(error).toMatchObject({ code: 'CANCELED' });
  });

  it('fails the running and every queued task with WorkerCrashError when a thread crashes', async () => {
    const p = pool(1);
    const results = await Promise.all([
      settle(run(p, 'crash', { ms: 50 })),
      settle(run(p, 'echo', 'queued 1')),
      settle(run(p, 'echo', 'queued 2')),
    ]);
    for (const r of results) {
      expect(r.error).toBeInstanceOf(WorkerCrashError);
      expect((r.error as Error).message).toMatch(/boom/);
    }
    // A new task after the crash gets a new thread.
    expect(await run(p, 'echo', 'after')).toBe('after');
  });

  it('fails the running task when its thread exits without an error', async () => {
    const p = pool(1);
    const result = await Promise.race([
      settle(run(p, 'exit', { ms: 20 })),
      new Promise((r) => setTimeout(() => r('still pending after 3 s'), 3000)),
    ]);
    expect(result).toMatchObject({ error: expect.any(WorkerCrashError) });
    expect(await run(p, 'echo', 'after')).toBe('after');
  });

  it('fails every task when the worker script cannot be loaded, without respawning forever', async () => {
    const p = pool(2, { script: path.join(dir, 'missing-worker.mjs') });
    const results = await Promise.all([1, 2, 3, 4].map((i) => settle(run(p, 'echo', i))));
    for (const r of results) expect(r.error).toBeInstanceOf(WorkerCrashError);
  });

  it('lets idle threads exit and starts new ones when work comes back', async () => {
    const p = pool(1, { idleMs: 100 });
    const first = await run(p, 'thread');
    expect(await run(p, 'thread')).toBe(first);
    await new Promise((r) => setTimeout(r, 400));
    expect(await run(p, 'thread')).not.toBe(first);
  });

  it('refuses work after close and fails what was still pending', async () => {
    const p = pool(1);
    const running = settle(run(p, 'spin', { ms: 2000 }));
    const queued = settle(run(p, 'echo', 'x'));
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    const results = await Promise.race([
      Promise.all([running, queued]),
      new Promise((r) => setTimeout(() => r('still pending after 3 s'), 3000)),
    ]);
    expect(results).toEqual([
      { value: undefined, error: expect.any(Error) },
      { value: undefined, error: expect.any(Error) },
    ]);
    await expect(run(p, 'echo', 1)).rejects.toThrow(/closed/);
  });
});

describe('the bundled engine worker', () => {
  it('hashes a module zip in a worker thread exactly as go.sum records it', async () => {
    const root = inject('fixtureRoot');
    const layout = new CacheLayout(fixtureEnv(root, path.join(root, 'proxy')).GOMODCACHE!);
    const sum = readFileSync(path.join(root, 'projects', 'beta', 'go.sum'), 'utf8');
    const h1 = /^example\.com\/lib v1\.0\.0 (h1:\S+)$/m.exec(sum)![1];
    const worker = path.resolve(
      import.meta.dirname,
      '..',
      '..',
      '..',
      'dist',
      'node',
      'worker.mjs',
    );
    const p = pool(2, { script: worker });
    const m = { path: 'example.com/lib', version: 'v1.0.0' };
    const [zip, tree] = await Promise.all([
      p.run('hashZip', { zipPath: layout.versionFile(m, 'zip'), module: m }),
      p.run('hashTree', { dir: layout.treeDir(m), prefix: 'example.com/lib@v1.0.0' }),
    ]);
    expect(zip.h1).toBe(h1);
    expect(zip.problems).toEqual([]);
    expect(tree.h1).toBe(h1);
  });
});
