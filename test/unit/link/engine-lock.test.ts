import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EngineLock, readEngineLock } from '../../../electron/engine/link/engine-lock';
import { systemProcesses } from '../../../electron/engine/platform/process-liveness';
import { removeTree, tempDir } from '../../helpers/temp';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

async function lockDir(): Promise<string> {
  const dir = await tempDir('modvault-lock-');
  onTestFinished(() => removeTree(dir));
  return dir;
}

const info = (socket: string) => ({
  host: 'ui' as const,
  socket,
  startedAt: new Date().toISOString(),
});

/** A pid that is certainly not running any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('the engine lock: one engine per user', () => {
  it('N engines starting at the same instant: exactly one wins, the others see it', async () => {
    const dir = await lockDir();
    const script = path.join(dir, 'contender.mjs');
    await build({
      stdin: {
        contents: `
          import { EngineLock } from ${JSON.stringify(path.join(root, 'electron/engine/link/engine-lock.ts'))};
          const [file, at] = process.argv.slice(2);
          while (Date.now() < Number(at)) {}
          const r = EngineLock.acquire(file, { host: 'daemon', socket: 's', startedAt: '' });
          process.stdout.write(JSON.stringify(r.acquired ? { won: process.pid } : { holder: r.holder.pid }));
          setTimeout(() => { if (r.acquired) r.lock.release(); }, 1500);
        `,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const file = path.join(dir, 'engine.json');
    const at = String(Date.now() + 1500);
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<{ won?: number; holder?: number }>((resolve, reject) => {
            const c = spawn(process.execPath, [script, file, at], {
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            let out = '';
            c.stdout.on('data', (d: Buffer) => (out += d.toString()));
            c.on('exit', (code) =>
              code === 0 ? resolve(JSON.parse(out)) : reject(new Error(out)),
            );
          }),
      ),
    );
    const winners = results.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.holder).map((r) => r.holder)).toEqual(
      Array(5).fill(winners[0]!.won),
    );
  });

  it('is private to the user (0600) and released only by its holder', async () => {
    const dir = await lockDir();
    const file = path.join(dir, 'engine.json');
    const r = EngineLock.acquire(file, info('/s'));
    if (!r.acquired) throw new Error('not acquired');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readEngineLock(file)).toMatchObject({ pid: process.pid, socket: '/s', host: 'ui' });
    expect(r.lock.record.token.length).toBeGreaterThanOrEqual(32);
    // A second acquire in a live process sees the holder.
    const again = EngineLock.acquire(file, info('/t'));
    expect(again).toMatchObject({ acquired: false, holder: { pid: process.pid, socket: '/s' } });
    r.lock.release();
    expect(readEngineLock(file)).toBeNull();
  });

  it('takes over a lock left by a dead process, a reused pid, or a garbled file', async () => {
    const dir = await lockDir();
    const file = path.join(dir, 'engine.json');
    const left = (pid: number, procStart: string | null) =>
      writeFileSync(
        file,
        JSON.stringify({
          pid,
          procStart,
          host: 'desktop',
          socket: '/old',
          token: 'x'.repeat(32),
          startedAt: '',
        }),
      );
    for (const setup of [
      () => left(deadPid(), null),
      // Our own pid, but recorded with another start time: the pid was reused.
      () => left(process.pid, 'not-the-start-time'),
      () => writeFileSync(file, '{"pid": '),
    ]) {
      setup();
      const r = EngineLock.acquire(file, info('/new'));
      expect(r.acquired).toBe(true);
      expect(readEngineLock(file)).toMatchObject({ pid: process.pid, socket: '/new' });
      if (r.acquired) r.lock.release();
    }
    // A live holder keeps it.
    left(process.pid, systemProcesses.processStart(process.pid));
    expect(EngineLock.acquire(file, info('/new')).acquired).toBe(false);
  });

  it('a takeover guard left by a crash does not block for long', async () => {
    const dir = await lockDir();
    const file = path.join(dir, 'engine.json');
    writeFileSync(
      file,
      JSON.stringify({
        pid: deadPid(),
        procStart: null,
        host: 'ui',
        socket: '/o',
        token: 't'.repeat(32),
        startedAt: '',
      }),
    );
    const guard = `${file}.takeover`;
    writeFileSync(guard, '1');
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    expect(EngineLock.acquire(file, info('/n')).acquired).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('"/n"');
  });
});
