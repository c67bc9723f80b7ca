import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { EngineError } from '../../../electron/engine/errors';
import type { Logger } from '../../../electron/engine/platform/logger';
import type { Handlers } from '../../../electron/engine/rpc/router';
import { Router } from '../../../electron/engine/rpc/router';

function setup(overrides: Partial<Handlers> = {}) {
  const logged: Record<string, unknown>[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (_m, data) => logged.push(data ?? {}),
  };
  const calls: unknown[] = [];
  const handlers = {
    'env.get': (req: unknown) => {
      calls.push(req);
      return { ok: 'env' };
    },
    'jobs.list': () => [],
    'jobs.get': () => {
      throw new EngineError('NOT_FOUND', 'No job with id x.');
    },
    'jobs.cancel': () => ({ canceled: true }),
    'cache.scan': () => ({ jobId: 'cache-scan-1' }),
    'cache.verify': (req: unknown) => {
      calls.push(req);
      return { jobId: 'cache-verify-1' };
    },
    'projects.find': () => ({ jobId: 'projects-find-1' }),
    ...overrides,
  } as unknown as Handlers;
  return { router: new Router(handlers, logger), logged, calls };
}

const ctx = { origin: 'ws' as const };

describe('Router', () => {
  it('dispatches a valid request and wraps the value', async () => {
    const { router, calls } = setup();
    expect(await router.call('env.get', { refresh: true }, ctx)).toEqual({
      ok: true,
      value: { ok: 'env' },
    });
    expect(calls).toEqual([{ refresh: true }]);
  });

  it('applies schema defaults before the handler sees the request', async () => {
    const { router, calls } = setup();
    await router.call('cache.verify', undefined, ctx);
    expect(calls).toEqual([{ deep: false, projects: [] }]);
  });

  it.each([['no.such.command'], [42], [null], ['__proto__'], ['constructor'], ['toString']])(
    'answers UNKNOWN_COMMAND for %j',
    async (cmd) => {
      const res = await setup().router.call(cmd, {}, ctx);
      expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    },
  );

  it('keeps an absurdly long command name out of the message', async () => {
    const res = await setup().router.call('x'.repeat(10_000), {}, ctx);
    expect(!res.ok && res.error.message.length).toBeLessThan(200);
  });

  it.each([
    ['a wrong type', 'env.get', { refresh: 'yes' }],
    ['an unknown field', 'env.get', { refresh: true, extra: 1 }],
    ['a non-object', 'cache.verify', 'deep'],
    ['a path with a NUL byte', 'cache.verify', { projects: ['/a\0b'] }],
    ['an empty path', 'cache.verify', { projects: [''] }],
    [
      'too many paths',
      'cache.verify',
      { projects: Array.from({ length: 65 }, (_, i) => `/p${i}`) },
    ],
    ['a malformed job id', 'jobs.cancel', { id: '../../etc' }],
    ['no roots', 'projects.find', { roots: [] }],
    ['a depth out of range', 'projects.find', { roots: ['/'], maxDepth: 1000 }],
  ])('answers INVALID_INPUT for %s', async (_label, cmd, req) => {
    const { router, calls } = setup();
    const res = await router.call(cmd, req, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!res.ok && res.error.message).toContain(cmd);
    expect(calls).toEqual([]);
  });

  it('passes an EngineError through with its code, path and fix', async () => {
    const { router } = setup({
      'env.get': () => {
        throw new EngineError('PERMISSION_DENIED', 'Permission denied: /c.', {
          path: '/c',
          fix: 'chmod it.',
        });
      },
    });
    expect(await router.call('env.get', {}, ctx)).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message: 'Permission denied: /c.',
        path: '/c',
        fix: 'chmod it.',
      },
    });
  });

  it.each([
    ['ENOENT', 'PATH_INVALID'],
    ['ENOTDIR', 'PATH_INVALID'],
    ['EACCES', 'PERMISSION_DENIED'],
    ['EPERM', 'PERMISSION_DENIED'],
    ['ENOSPC', 'NO_SPACE'],
    ['EROFS', 'READ_ONLY'],
    ['EBUSY', 'BUSY'],
    ['EMFILE', 'BUSY'],
  ])('maps a thrown %s to %s, naming the path', async (errno, code) => {
    const { router } = setup({
      'env.get': async () => {
        throw Object.assign(new Error(`${errno}: failed, open '/some/file'`), {
          code: errno,
          path: '/some/file',
        });
      },
    });
    const res = await router.call('env.get', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code } });
    if (code !== 'BUSY' || errno === 'EBUSY') expect(!res.ok && res.error.path).toBe('/some/file');
  });

  it('maps an AbortError to CANCELED', async () => {
    const { router } = setup({
      'env.get': () => {
        throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
      },
    });
    expect(await router.call('env.get', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'CANCELED' },
    });
  });

  it('never leaks a stack trace to the client on INTERNAL errors, and logs it', async () => {
    const { router, logged } = setup({
      'env.get': () => {
        const o: { deep?: { x: number } } = {};
        return o.deep!.x as never;
      },
    });
    const res = await router.call('env.get', {}, ctx);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INTERNAL');
    expect(res.error.message).toMatch(/^Unexpected error: /);
    expect(res.error.message).not.toMatch(/\n|\bat \S+ \(|router\.test\.ts/);
    expect(Object.keys(res.error).sort()).toEqual(['code', 'message']);
    expect(String(logged[0]?.error)).toMatch(/TypeError[\s\S]*router\.test\.ts/);
  });

  it('reports a thrown non-Error value as INTERNAL', async () => {
    const { router } = setup({
      'env.get': () => {
        throw 'a string' as unknown as Error;
      },
    });
    expect(await router.call('env.get', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Unexpected error: a string' },
    });
  });

  it('accepts an AppError-shaped object thrown across a transport, keeping only code and message', async () => {
    const { router } = setup({
      'env.get': () => {
        throw { code: 'LOCKED', message: 'The store is locked.', stack: 'secret' };
      },
    });
    const res = await router.call('env.get', {}, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'LOCKED', message: 'The store is locked.' } });
    expect(!res.ok && isAppError(res.error)).toBe(true);
  });
});
