import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import { CLI, runCli } from '../helpers/cli';
import { fakeGo } from '../helpers/fake-go';
import { copyFixture } from '../helpers/fixture';
import { processesMatching } from '../helpers/processes';

const run = promisify(execFile);

/**
 * Starts the CLI with --verbose, presses Ctrl-C `presses` times once the engine has started the
 * go command (its log line says so), and reports how the CLI ended.
 */
function interrupt(args: string[], env: Record<string, string>, presses: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve) => {
      const child = spawn(process.execPath, [CLI, '--verbose', ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let pressedAt = 0;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!pressedAt && stderr.includes('"msg":"go run"')) {
          pressedAt = Date.now();
          for (let i = 0; i < presses; i++) setTimeout(() => child.kill('SIGINT'), 100 + i * 200);
        }
      });
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => {
        clearTimeout(guard);
        resolve({ code, stdout, stderr, ms: Date.now() - pressedAt });
      });
    },
  );
}

/** A go that never answers, and no GOMODCACHE: a scan job waits for `go env`. */
function hangingGoEnv(fx: Awaited<ReturnType<typeof copyFixture>>): Record<string, string> {
  const env: Record<string, string> = {
    ...fx.env,
    MODVAULT_GO: fakeGo(fx.root, 'hanging-go', 'exec sleep 61.5'),
  };
  delete env.GOMODCACHE;
  return env;
}

describe('jobs through the CLI', () => {
  it('keeps --json output free of progress when stderr is not a terminal', async () => {
    const fx = await copyFixture();
    const res = await runCli(['verify', '--deep', '--json'], { env: fx.env });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.json<VerifyReport>().checked).toBe(8);
  });

  it('draws a progress bar on a terminal (stderr) and clears it, with stdout still pure JSON', async () => {
    const fx = await copyFixture();
    const out = path.join(fx.root, 'out.json');
    const { stdout: terminal } = await run(
      'script',
      ['-qec', `${process.execPath} ${CLI} verify --deep --json > ${out}`, '/dev/null'],
      { env: { ...fx.env, TERM: 'xterm' } },
    );
    // A bar once totals are known; before that (a fast machine may end there), the phase.
    expect(terminal).toMatch(/\rVerifying \(deep\) {2}(\[[█░]+\] \d+%|starting|scanning|hashing)/);
    expect(terminal.endsWith('\r\x1b[K')).toBe(true);
    const json = await readFile(out, 'utf8');
    expect(json.includes('\x1b') || json.includes('\r')).toBe(false);
    expect((JSON.parse(json) as VerifyReport).checked).toBe(8);
  });

  it('cancels the running job on Ctrl-C, promptly, with exit code 130', async () => {
    const fx = await copyFixture();
    const res = await interrupt(['scan', '--json'], hangingGoEnv(fx), 1);
    expect(res.stderr).toMatch(/Canceling/);
    expect(res.code).toBe(130);
    expect(res.ms).toBeLessThan(5000);
    expect(JSON.parse(res.stdout)).toEqual({ error: { code: 'CANCELED', message: 'Canceled.' } });
    // The go process it was waiting for is gone too.
    expect(processesMatching('sleep 61.5')).toEqual([]);
  });

  it('a second Ctrl-C quits at once', async () => {
    const fx = await copyFixture();
    const res = await interrupt(['scan'], hangingGoEnv(fx), 2);
    expect(res.code).toBe(130);
    expect(res.ms).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(processesMatching('sleep 61.5')).toEqual([]);
  });
});
