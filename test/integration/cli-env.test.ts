import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GoEnvReport } from '../../shared/dto/env';
import type { ScanReport } from '../../shared/dto/cache';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';

/** An environment in which there is no go binary at all. */
async function withoutGo(root: string, extra: Record<string, string> = {}) {
  const home = path.join(root, 'home-without-go');
  const bin = path.join(root, 'empty-bin');
  await mkdir(home, { recursive: true });
  await mkdir(bin, { recursive: true });
  return { PATH: bin, HOME: home, NO_COLOR: '1', ...extra };
}

describe('modvault env', () => {
  it('reports what go env says when Go is present', async () => {
    const fx = await copyFixture();
    const res = await runCli(['env', '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    const env = res.json<GoEnvReport>();
    expect(env.go).toMatchObject({ found: true, error: null });
    expect(env.go.version).toMatch(/^go1\./);
    expect(env.gomodcache).toBe(fx.gomodcache);
    expect(env.vars.GOPROXY).toBe(fx.env.GOPROXY);
    expect(env.sources.GOMODCACHE).toBe('environment');
    expect(env.sumdbDir).toBe(path.join(fx.gopath, 'pkg', 'sumdb'));
  });

  it("computes Go's defaults when Go is absent", async () => {
    const fx = await copyFixture();
    const env = await withoutGo(fx.root);
    const res = await runCli(['env', '--json'], { env });
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<GoEnvReport>();
    expect(report.go.found).toBe(false);
    expect(report.go.error).toMatch(/go command was not found/);
    expect(report.vars.GOPATH).toBe(path.join(env.HOME, 'go'));
    expect(report.gomodcache).toBe(path.join(env.HOME, 'go', 'pkg', 'mod'));
    expect(report.gocache).toBe(path.join(env.HOME, '.cache', 'go-build'));
    expect(Object.entries(report.sources).filter(([, s]) => s !== 'default')).toEqual([]);
    const human = await runCli(['env'], { env });
    expect(human.stdout).toMatch(/Go\s+not found/);
  });

  it('lets GOMODCACHE from the environment win, with or without Go', async () => {
    const fx = await copyFixture();
    const custom = path.join(fx.root, 'custom-mod');
    const noGo = (
      await runCli(['env', '--json'], { env: await withoutGo(fx.root, { GOMODCACHE: custom }) })
    ).json<GoEnvReport>();
    expect(noGo.gomodcache).toBe(custom);
    expect(noGo.sources.GOMODCACHE).toBe('environment');
    const withGo = (
      await runCli(['env', '--json'], { env: { ...fx.env, GOMODCACHE: custom } })
    ).json<GoEnvReport>();
    expect(withGo.gomodcache).toBe(custom);
  });

  it('lets --gomodcache win over everything, and scan uses it', async () => {
    const fx = await copyFixture();
    const env = { ...fx.env, GOMODCACHE: path.join(fx.root, 'env-says-here') };
    const res = await runCli(['env', '--json', '--gomodcache', fx.gomodcache], { env });
    const report = res.json<GoEnvReport>();
    expect(report.gomodcache).toBe(fx.gomodcache);
    expect(report.sources.GOMODCACHE).toBe('override');
    const s = await runCli(['--gomodcache', fx.gomodcache, 'scan', '--json'], { env });
    expect(s.json<ScanReport>().modules).toHaveLength(8);
    const gocache = path.join(fx.root, 'other-build-cache');
    const c = await runCli(['env', '--json', '--gocache', gocache], { env });
    expect(c.json<GoEnvReport>()).toMatchObject({ gocache, sources: { GOCACHE: 'override' } });
    // A relative --gomodcache is resolved against the working directory.
    const rel = await runCli(['env', '--json', '--gomodcache', 'gopath/pkg/mod'], {
      env,
      cwd: fx.root,
    });
    expect(rel.json<GoEnvReport>().gomodcache).toBe(fx.gomodcache);
  });

  it('scans without Go when the cache location is known', async () => {
    const fx = await copyFixture();
    const env = await withoutGo(fx.root, { GOMODCACHE: fx.gomodcache });
    const res = await runCli(['scan', '--json'], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<ScanReport>().modules).toHaveLength(8);
    const v = await runCli(['verify', '--deep', '--json', '--project', fx.projects.alpha], { env });
    expect(v.code, v.stderr).toBe(0);
  });
});
