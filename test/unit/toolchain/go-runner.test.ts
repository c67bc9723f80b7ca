import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/engine/errors';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { GoRunner } from '../../../electron/engine/toolchain/go-runner';
import { fakeGo } from '../../helpers/fake-go';
import { processesMatching } from '../../helpers/processes';
import { removeTree, tempDir } from '../../helpers/temp';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('modvault-runner-');
});
afterAll(() => removeTree(dir));

const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' };

async function failure(p: Promise<unknown>): Promise<EngineError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EngineError);
  return e as EngineError;
}

describe('GoRunner with the real go', () => {
  it('runs go and captures its output', async () => {
    const runner = new GoRunner('go', { ...baseEnv, GOTOOLCHAIN: 'local' }, silentLogger);
    const res = await runner.run(['version']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^go version go1\.\d+/);
  });

  it("turns a failing go command into GO_FAILED carrying go's message", async () => {
    const runner = new GoRunner('go', { ...baseEnv, GOTOOLCHAIN: 'local' }, silentLogger);
    const e = await failure(runner.runChecked(['no-such-subcommand'], { cwd: dir }));
    expect(e.code).toBe('GO_FAILED');
    expect(e.message).toMatch(/unknown command/);
  });
});

describe('GoRunner', () => {
  it('passes arguments as an argv array, never through a shell', async () => {
    const echo = fakeGo(dir, 'echo-args', 'for a in "$@"; do printf "%s\\n" "$a"; done');
    const marker = path.join(dir, 'pwned');
    const args = ['a b', `$(touch ${marker})`, '; touch ' + marker, '"quoted"', "it's", '*', ''];
    const res = await new GoRunner(echo, baseEnv, silentLogger).run(args, { cwd: dir });
    expect(res.stdout).toBe(args.map((a) => a + '\n').join(''));
    expect(existsSync(marker)).toBe(false);
  });

  it('streams stdout and stderr line by line, including a last line without newline', async () => {
    const script = fakeGo(
      dir,
      'lines',
      'printf "one\\ntwo\\r\\n"; printf "err1\\n" >&2; sleep 0.1; printf "thr"; sleep 0.1; printf "ee\\nlast"',
    );
    const lines: [string, string][] = [];
    const res = await new GoRunner(script, baseEnv, silentLogger).run([], {
      onLine: (line, stream) => lines.push([stream, line]),
    });
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual([
      'one',
      'two',
      'three',
      'last',
    ]);
    expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['err1']);
    expect(res.stdout).toBe('one\ntwo\r\nthree\nlast');
  });

  it('adds and removes environment variables for one run', async () => {
    const script = fakeGo(dir, 'env', 'printf "%s|%s" "$EXTRA" "${HOME-unset}"');
    const res = await new GoRunner(script, baseEnv, silentLogger).run([], {
      env: { EXTRA: 'yes', HOME: undefined },
    });
    expect(res.stdout).toBe('yes|unset');
  });

  it('cancels a running go command promptly, even when it has children', async () => {
    // The shell waits on sleep, which holds the output pipes open after the shell is killed.
    const hang = fakeGo(dir, 'hang', 'sleep 31.25; echo done');
    const controller = new AbortController();
    const started = Date.now();
    const run = new GoRunner(hang, baseEnv, silentLogger).run([], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const e = await failure(run);
    expect(e.code).toBe('CANCELED');
    expect(Date.now() - started).toBeLessThan(5000);
    // And go's own children are gone too.
    await new Promise((r) => setTimeout(r, 100));
    expect(processesMatching('sleep 31.25')).toEqual([]);
  });

  it('times out', async () => {
    const hang = fakeGo(dir, 'hang2', 'sleep 30');
    const started = Date.now();
    const e = await failure(
      new GoRunner(hang, baseEnv, silentLogger).run(['env'], { timeoutMs: 300 }),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/go env did not finish/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills a command that ignores SIGTERM after a grace period', async () => {
    const stubborn = fakeGo(dir, 'stubborn', "trap '' TERM; sleep 30 & wait; sleep 30");
    const started = Date.now();
    const e = await failure(
      new GoRunner(stubborn, baseEnv, silentLogger).run([], { timeoutMs: 200 }),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('does not start when the signal is already aborted', async () => {
    const marker = path.join(dir, 'started');
    const script = fakeGo(dir, 'touch', `touch ${marker}`);
    const e = await failure(
      new GoRunner(script, baseEnv, silentLogger).run([], { signal: AbortSignal.abort() }),
    );
    expect(e.code).toBe('CANCELED');
    expect(existsSync(marker)).toBe(false);
  });

  it('says clearly when go is missing', async () => {
    const e = await failure(
      new GoRunner(path.join(dir, 'nope', 'go'), baseEnv, silentLogger).run(['env']),
    );
    expect(e.code).toBe('GO_MISSING');
    expect(e.message).toMatch(/go command was not found/);
    expect(e.fix).toMatch(/go\.dev\/dl/);
  });

  it('finds go on PATH, and says so when PATH has none', async () => {
    const e = await failure(new GoRunner('go', { PATH: dir }, silentLogger).run(['env']));
    expect(e.code).toBe('GO_MISSING');
  });

  it('says clearly when the go binary cannot be executed', async () => {
    const notExecutable = path.join(dir, 'not-executable');
    writeFileSync(notExecutable, 'plain text');
    const e = await failure(new GoRunner(notExecutable, baseEnv, silentLogger).run(['env']));
    expect(e.code).toBe('GO_MISSING');
    expect(e.path).toBe(notExecutable);
  });
});
