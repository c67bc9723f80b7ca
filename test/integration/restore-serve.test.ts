import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { onTestFinished, describe, expect, it } from 'vitest';
import type { ToolchainRestoreResult } from '../../shared/dto/restore';
import type { GoFixture } from '../fixtures/go-fixture';
import { treeDir } from '../helpers/cache-damage';
import { CLI, runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { go } from '../helpers/go';
import { snapshot } from '../helpers/store';
import { removeTree } from '../helpers/temp';

interface Served {
  url: string;
  port: number;
  goproxy: string;
  snapshot: string;
  versions: number;
}

/** `modvault serve --json` as a separate process, stopped (Ctrl-C) when the test ends. */
async function serve(fx: GoFixture): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json'], {
    env: fx.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  onTestFinished(async () => {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.trimEnd().endsWith('}')) resolve(JSON.parse(out) as Served);
    });
    child.stderr.on('data', (d: Buffer) => reject(new Error(d.toString())));
  });
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('latin1')));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('restore through the GOPROXY protocol', () => {
  it('`go mod download` through `modvault serve` fills an empty cache', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const served = await serve(fx);
    expect(served.goproxy).toBe(`http://127.0.0.1:${served.port},off`);
    expect(served.versions).toBe(8);

    const empty = path.join(fx.root, 'empty', 'pkg', 'mod');
    const env = { ...fx.env, GOMODCACHE: empty, GOPROXY: served.goproxy };
    for (const project of ['alpha', 'beta'] as const) {
      const dl = await go(['mod', 'download'], { cwd: fx.projects[project], env });
      expect(dl.code, dl.stderr).toBe(0);
    }
    for (const project of ['alpha', 'beta'] as const) {
      const offline = { ...env, GOPROXY: 'off' };
      const build = await go(['build', '-o', '/dev/null', './...'], {
        cwd: fx.projects[project],
        env: offline,
      });
      expect(build.code, build.stderr).toBe(0);
      const verify = await go(['mod', 'verify'], { cwd: fx.projects[project], env: offline });
      expect(verify.stdout).toContain('all modules verified');
    }
    // What the snapshot does not hold is a 404, and with ",off" go stops there.
    const missing = await go(['mod', 'download', 'example.com/absent@v1.0.0'], {
      cwd: fx.projects.alpha,
      env,
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/module lookup disabled by GOPROXY=off/);
  });

  it('answers the protocol: list, .info, .mod, @latest, escaped paths, 404, and refuses other hosts', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const { url, port } = await serve(fx);
    expect(await get(`${url}/example.com/lib/@v/list`)).toMatchObject({
      status: 200,
      body: 'v1.0.0\nv1.1.0\nv1.2.0-RC.1\n',
    });
    expect((await get(`${url}/example.com/!upper/!case/@v/v1.1.0.info`)).body).toBe(
      '{"Version":"v1.1.0","Time":"2023-06-06T07:08:09Z"}',
    );
    // No go.mod in the module: Go's synthesized one.
    expect((await get(`${url}/example.com/nogomod/@v/v1.0.0.mod`)).body).toBe(
      'module example.com/nogomod\n',
    );
    expect((await get(`${url}/example.com/lib/@latest`)).body).toContain('"Version":"v1.1.0"');
    // Pseudo-versions are not listed (they are not tags), but are served.
    expect((await get(`${url}/example.com/pseudo/@v/list`)).body).toBe('');
    const zip = await get(`${url}/example.com/pseudo/@v/v0.0.0-20240101120000-abcdef123456.zip`);
    expect(zip).toMatchObject({ status: 200, type: 'application/zip' });
    expect(zip.body.startsWith('PK\x03\x04')).toBe(true);
    expect((await get(`${url}/example.com/lib/@v/v9.9.9.zip`)).status).toBe(404);
    expect((await get(`${url}/example.com/absent/@v/list`)).status).toBe(404);
    expect((await get(`${url}/nonsense`)).status).toBe(404);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    expect(
      (await get(`${url}/example.com/lib/@v/list`, { Host: `evil.example:${port}` })).status,
    ).toBe(403);
  });

  it('restore --toolchain lets go mod download fetch a project, its output streamed', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    await removeTree(fx.gomodcache);
    const res = await runCli(['restore', '--toolchain', '--project', fx.projects.alpha, '--json'], {
      env: fx.env,
    });
    expect(res.code, res.stderr).toBe(0);
    const r = res.json<ToolchainRestoreResult>();
    expect(r).toMatchObject({ project: fx.projects.alpha, exitCode: 0, served: 4 });
    expect(r.goproxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+,off$/);
    // go's own -x trace, streamed as the job's output.
    expect(res.stderr).toMatch(
      /# get http:\/\/127\.0\.0\.1:\d+\/example\.com\/lib\/@v\/v1\.1\.0\.zip/,
    );
    // go mod download extracts what it downloads, as it always does.
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/lib', 'v1.1.0'))).toBe(true);
    const build = await go(['build', '-o', '/dev/null', './...'], {
      cwd: fx.projects.alpha,
      env: { ...fx.env, GOPROXY: 'off' },
    });
    expect(build.code, build.stderr).toBe(0);
  });
});
