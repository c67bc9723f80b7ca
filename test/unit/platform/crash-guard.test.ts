import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { CrashPolicy } from '../../../electron/engine/platform/crash-guard';
import { CrashGuard, logAndStay } from '../../../electron/engine/platform/crash-guard';
import type { Logger } from '../../../electron/engine/platform/logger';

/** A stand-in for `process`: the events the guard listens to, and exit(). */
function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), {
    stdout: new EventEmitter(),
    stderr: new EventEmitter(),
    exit: vi.fn(),
  });
  return proc;
}

function setup(unowned: CrashPolicy['unowned']) {
  const guard = new CrashGuard();
  const proc = fakeProcess();
  const reports: { message: string; scope: string | null }[] = [];
  guard.install(
    {
      unowned,
      exitCode: 2,
      report: (e, where) => reports.push({ message: (e as Error).message, scope: where.scope }),
    },
    proc as unknown as NodeJS.Process,
  );
  /** What Node does with an error thrown from a callback: hands it to the listeners. */
  const uncaught = (e: Error) => proc.emit('uncaughtException', e, 'uncaughtException');
  return { guard, proc, reports, uncaught };
}

describe('CrashGuard', () => {
  it('an error escaping a scope fails that scope only; its locks are freed once its work stops', async () => {
    const { guard, proc, reports, uncaught } = setup('stay');
    const failed: unknown[] = [];
    const release = vi.fn();
    let finish!: () => void;
    const work = guard.run({ name: 'job A', fail: (e) => failed.push(e) }, async () => {
      guard.onCrash(release);
      await new Promise<void>((r) => (finish = r));
      // Still in the scope: an async continuation of the job.
      uncaught(new Error('boom'));
    });
    const other = vi.fn();
    guard.run({ name: 'job B', fail: other }, () => undefined);
    finish();
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(failed).toEqual([expect.objectContaining({ message: 'boom' })]);
    expect(other).not.toHaveBeenCalled();
    expect(reports).toEqual([{ message: 'boom', scope: 'job A' }]);
    await work;
    await new Promise((r) => setImmediate(r));
    expect(release).toHaveBeenCalledOnce();
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('a lock released normally is not released again', async () => {
    const { guard } = setup('exit');
    const release = vi.fn();
    await guard.run({ name: 'job', fail: () => {} }, async () => {
      const unregister = guard.onCrash(release);
      unregister();
    });
    guard.releaseAll();
    expect(release).not.toHaveBeenCalled();
  });

  it('an error no scope owns: a command releases its locks and exits, a server stays up', () => {
    const cli = setup('exit');
    const held = vi.fn();
    cli.guard.onCrash(held);
    cli.uncaught(new Error('stray'));
    expect(held).toHaveBeenCalledOnce();
    expect(cli.proc.exit).toHaveBeenCalledWith(2);
    const server = setup('stay');
    server.uncaught(new Error('stray'));
    server.proc.emit('unhandledRejection', new Error('forgotten'), Promise.resolve());
    expect(server.proc.exit).not.toHaveBeenCalled();
    expect(server.reports.map((r) => r.message)).toEqual(['stray', 'forgotten']);
  });

  it('a closed stdout ends a command with status 0 and no report; a server ignores it', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const cli = setup('exit');
    cli.proc.stdout.emit('error', epipe);
    expect(cli.proc.exit).toHaveBeenCalledWith(0);
    expect(cli.reports).toEqual([]);
    const server = setup('stay');
    server.proc.stderr.emit('error', epipe);
    expect(server.proc.exit).not.toHaveBeenCalled();
  });

  it('the engine process and the desktop shell log an unowned error with its stack and stay up', () => {
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const logger = {
      error: (message: string, fields: Record<string, unknown> = {}) =>
        lines.push({ message, fields }),
    } as unknown as Logger;
    const guard = new CrashGuard();
    const proc = fakeProcess();
    guard.install(logAndStay(logger, 'engine'), proc as unknown as NodeJS.Process);
    proc.emit('uncaughtException', new Error('stray'), 'uncaughtException');
    proc.emit('unhandledRejection', new Error('forgotten'), Promise.resolve());
    expect(proc.exit).not.toHaveBeenCalled();
    expect(lines.map((l) => l.message)).toEqual([
      'uncaughtException in the engine',
      'unhandledRejection in the engine',
    ]);
    expect(lines[0]!.fields).toMatchObject({
      scope: null,
      error: expect.stringContaining('Error: stray\n'),
    });
  });
});
