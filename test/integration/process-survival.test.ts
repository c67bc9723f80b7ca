import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobFinished, JobStarted } from '../../shared/dto/jobs';
import type { ImportResult, SnapshotResult, StoreInfo } from '../../shared/dto/store';
import type { Result } from '../../shared/result';
import type { GoFixture } from '../fixtures/go-fixture';
import { CLI, runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import { tarGz } from '../helpers/tar-builder';
import { startUiServer } from '../helpers/ui-server';
import { WsClient } from '../helpers/ws-client';

/** `modvault ARGS | head …` in bash: the CLI's own exit status and stderr. */
function piped(
  fx: GoFixture,
  args: string[],
  head: string,
): Promise<{ code: number; stderr: string; out: string }> {
  const cmd = `"$0" "$1" ${args.map((a) => `'${a}'`).join(' ')} 2>"$2" | ${head}; exit \${PIPESTATUS[0]}`;
  const errFile = path.join(fx.root, `stderr-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd, process.execPath, CLI, errFile], { env: fx.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', async (code) => {
      const { readFile } = await import('node:fs/promises');
      resolve({ code: code ?? -1, stderr: await readFile(errFile, 'utf8'), out });
    });
  });
}

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
};

async function finished(client: WsClient, r: Result<unknown>): Promise<JobFinished> {
  const { jobId } = value<JobStarted>(r);
  return client.waitFor('job.finished', (f: JobFinished) => f.job.id === jobId, 60_000);
}

function storeIsFree(fx: GoFixture): void {
  const store = fx.env.MODVAULT_STORE!;
  expect(existsSync(path.join(store, 'store.lock'))).toBe(false);
  expect(readdirSync(path.join(store, 'tmp')).filter((n) => n.startsWith('import-'))).toEqual([]);
}

describe('every process survives a bad request', () => {
  it('a closed stdout ends the CLI quietly with status 0', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    expect((await snapshot(fx)).code).toBe(0);
    for (const [args, head] of [
      [['snapshots'], 'head -1'],
      [['scan', '--json'], 'head -c 10'],
      [['help'], 'head -1'],
      [['snapshots', 'latest', '--json'], 'head -c 1'],
    ] as const) {
      const r = await piped(fx, [...args], head);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.out.length).toBeGreaterThan(0);
    }
  });

  it('modvault ui: a hostile store.import fails that job; the server answers the next call, the store is free', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const good = path.join(fx.root, 'good.tar.gz');
    expect(
      (await runCli(['export', 'latest', '--format', 'tar.gz', '--out', good], { env: fx.env }))
        .code,
    ).toBe(0);
    const evil = path.join(fx.root, 'evil.tar.gz');
    await writeFile(evil, tarGz([{ name: '../../escaped.txt', data: 'owned' }]));

    const ui = await startUiServer(fx.env);
    try {
      const client = await WsClient.open(ui.port, ui.token);
      const bad = await finished(client, await client.call('store.import', { path: evil }));
      expect(bad.job.status).toBe('failed');
      expect(bad.job.error).toMatchObject({
        code: 'UNSAFE_PATH',
        message: expect.stringContaining('"../../escaped.txt"'),
        path: evil,
      });
      expect(existsSync(path.join(fx.root, '..', 'escaped.txt'))).toBe(false);
      storeIsFree(fx);
      // The same server answers, and the store takes the next writer at once.
      expect(value<StoreInfo>(await client.call('store.info')).lock).toBeNull();
      const ok = await finished(client, await client.call('store.import', { path: good }));
      expect(ok.job.status, JSON.stringify(ok.job.error)).toBe('succeeded');
      expect((ok.result as ImportResult).snapshot.problems).toEqual([]);
      storeIsFree(fx);
      // A relative path from a browser tab means nothing: refused by the contract.
      const relative = await client.call('store.import', { path: 'good.tar.gz' });
      expect(relative).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/must be an absolute path/),
        },
      });
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
    expect(ui.output()).not.toMatch(/\n\s+at /);
  });

  it('modvault ui: an error thrown where nothing catches it fails its job, not the server', async () => {
    const fx = await copyFixture();
    const ui = await startUiServer({ ...fx.env, MODVAULT_FAULT: 'throw:snapshot-committing' });
    try {
      const client = await WsClient.open(ui.port, ui.token);
      const crashed = await finished(client, await client.call('store.snapshot', {}));
      expect(crashed.job.status).toBe('failed');
      expect(crashed.job.error).toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('injected fault at snapshot-committing'),
      });
      // Still serving; once the crashed work has stopped, the store takes the next writer.
      expect(value<StoreInfo>(await client.call('store.info')).exists).toBe(true);
      let again: JobFinished | null = null;
      for (let i = 0; i < 20 && again?.job.status !== 'succeeded'; i++) {
        again = await finished(client, await client.call('store.snapshot', {}));
        if (again.job.status !== 'succeeded') await new Promise((r) => setTimeout(r, 500));
      }
      expect(again?.job.status, JSON.stringify(again?.job.error)).toBe('succeeded');
      expect((again!.result as SnapshotResult).problems).toEqual([]);
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
    expect(ui.output()).toMatch(/unexpected error \(job store-snapshot-[0-9a-f]+ failed\)/);
  });

  it('the CLI: an error thrown where nothing catches it ends the command with a message, the store lock released', async () => {
    const fx = await copyFixture();
    const res = await runCli(['snapshot'], {
      env: { ...fx.env, MODVAULT_FAULT: 'throw:snapshot-committing' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/injected fault at snapshot-committing/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(fx.env.MODVAULT_STORE!, 'store.lock'))).toBe(false);
  });
});
