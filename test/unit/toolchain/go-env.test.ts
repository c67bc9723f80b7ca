import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { silentLogger } from '../../../electron/engine/platform/logger';
import type { GoEnvDeps } from '../../../electron/engine/toolchain/go-env';
import { GoEnvService } from '../../../electron/engine/toolchain/go-env';
import { GoRunner } from '../../../electron/engine/toolchain/go-runner';
import { fixtureEnv } from '../../fixtures/go-fixture';
import { fakeGo } from '../../helpers/fake-go';
import { removeTree, tempDir } from '../../helpers/temp';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('modvault-goenv-svc-');
});
afterAll(() => removeTree(dir));

const root = inject('fixtureRoot');
const fxEnv = fixtureEnv(root, path.join(root, 'proxy'));

function service(binary: string, env: Record<string, string>, more: Partial<GoEnvDeps> = {}) {
  return new GoEnvService({
    runner: new GoRunner(binary, env, silentLogger),
    env,
    goos: 'linux',
    goarch: 'amd64',
    home: env.HOME ?? '/nonexistent',
    overrides: {},
    logger: silentLogger,
    ...more,
  });
}

describe('GoEnvService with the real go', () => {
  it('reports what go env -json says, with the version', async () => {
    const report = await service('go', fxEnv).get();
    expect(report.go.found).toBe(true);
    expect(report.go.version).toMatch(/^go1\.\d+/);
    expect(report.vars.GOMODCACHE).toBe(fxEnv.GOMODCACHE);
    expect(report.vars.GOPROXY).toBe(fxEnv.GOPROXY);
    expect(report.sources.GOMODCACHE).toBe('environment');
    expect(report.gopathList).toEqual([fxEnv.GOPATH]);
    expect(report.sumdbDir).toBe(path.join(fxEnv.GOPATH!, 'pkg', 'sumdb'));
    expect(report.gomodcache).toBe(fxEnv.GOMODCACHE);
  });

  it('says where each value came from: the environment, the go env -w file, or the default', async () => {
    // The file is written by the real `go env -w`, so its format is Go's own.
    const goenv = path.join(dir, 'sources-env');
    const env: Record<string, string> = { ...fxEnv, GOENV: goenv };
    delete env.GOSUMDB;
    delete env.GONOSUMDB;
    delete env.GOPRIVATE;
    delete env.GOFLAGS;
    delete env.GOTOOLCHAIN;
    const w = spawnSync(
      'go',
      [
        'env',
        '-w',
        'GOPRIVATE=example.com/private',
        'GOFLAGS=-modcacherw',
        'GOTOOLCHAIN=go1.99.0+auto',
      ],
      { env, encoding: 'utf8' },
    );
    expect(w.status, w.stderr).toBe(0);
    const report = await service('go', env).get();
    expect(report.vars.GOPRIVATE).toBe('example.com/private');
    expect(report.sources).toMatchObject({
      GOPROXY: 'environment',
      GOMODCACHE: 'environment',
      GOENV: 'environment',
      GOPRIVATE: 'env-file',
      GOFLAGS: 'env-file',
      GOSUMDB: 'default',
      // Derived from GOPRIVATE by Go, not set anywhere.
      GONOSUMDB: 'default',
      GOVERSION: 'default',
    });
    // ModVault runs go with GOTOOLCHAIN=local; the user's own setting is reported beside it.
    expect(report.gotoolchain).toEqual({ value: 'go1.99.0+auto', source: 'env-file' });
    const version = /^go1\.(\d+)/.exec(report.go.version ?? '');
    expect(report.changedChecked).toBe(Number(version?.[1]) >= 23);
    const fromEnv = await service('go', { ...env, GOTOOLCHAIN: 'local' }).get();
    expect(fromEnv.gotoolchain).toEqual({ value: 'local', source: 'environment' });
    const none = await service('go', { ...env, GOENV: 'off' }).get();
    // $GOROOT/go.env decides (auto in Go's own distribution); go itself says what it holds.
    const goSays = spawnSync('go', ['env', 'GOTOOLCHAIN'], {
      env: { ...env, GOENV: 'off' },
      encoding: 'utf8',
    }).stdout.trim();
    expect(none.gotoolchain).toEqual({ value: goSays, source: 'default' });
    expect(none.sources.GOPRIVATE).toBe('default');
  });

  it('asks go without writing into the build cache (no C compiler probe), with a relative GOCACHE too', async () => {
    const gocache = path.join(dir, 'untouched-build-cache');
    const report = await service('go', { ...fxEnv, GOCACHE: gocache }).get(true);
    expect(report.go.found).toBe(true);
    expect(existsSync(gocache), 'go env created the build cache').toBe(false);
    const rel = await service('go', { ...fxEnv, GOCACHE: 'relative/cache' }).get(true);
    expect(rel.go.error).toBeNull();
    expect(rel.changedChecked).toBe(Number(/^go1\.(\d+)/.exec(rel.go.version ?? '')?.[1]) >= 23);
  });

  it('lets --gomodcache and --gocache win over go, resolved to absolute paths', async () => {
    const s = service('go', fxEnv, { overrides: { gomodcache: 'rel/mod', gocache: '/abs/cache' } });
    const report = await s.get();
    expect(report.vars.GOMODCACHE).toBe(path.resolve('rel/mod'));
    expect(report.sources.GOMODCACHE).toBe('override');
    expect(report.gocache).toBe('/abs/cache');
    expect(await s.gomodcache()).toBe(path.resolve('rel/mod'));
    expect(await s.gocache()).toBe('/abs/cache');
  });

  it('caches the answer until asked to refresh', async () => {
    const counter = path.join(dir, 'count');
    const script = fakeGo(dir, 'counting-go', `echo x >> ${counter}; exec go "$@"`);
    const s = service(script, fxEnv);
    await s.get();
    await s.get();
    await s.get(true);
    // Twice (not three times): go env -json, plus go version where go env lacks GOVERSION.
    const runs = readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;
    expect([2, 4]).toContain(runs);
  });
});

describe('GoEnvService without a usable go', () => {
  const env = { PATH: '/nonexistent', HOME: '/home/u' };

  it('falls back to the defaults when go is missing', async () => {
    const report = await service(path.join(dir, 'missing-go'), env).get();
    expect(report.go.found).toBe(false);
    expect(report.go.error).toMatch(/not found/);
    expect(report.vars.GOMODCACHE).toBe('/home/u/go/pkg/mod');
    expect(report.sources.GOMODCACHE).toBe('default');
  });

  it('does not run go at all when GOMODCACHE is given as an absolute path', async () => {
    const marker = path.join(dir, 'ran');
    const script = fakeGo(dir, 'marking-go', `touch ${marker}; exit 1`);
    const s = service(script, { ...env, GOMODCACHE: '/cache/mod', GOCACHE: '/cache/build' });
    expect(await s.gomodcache()).toBe('/cache/mod');
    expect(await s.gocache()).toBe('/cache/build');
    expect(existsSync(marker)).toBe(false);
  });

  it('gives up on a go env that hangs, after the timeout, and uses the defaults', async () => {
    const hang = fakeGo(dir, 'hanging-go', 'exec /bin/sleep 30');
    const started = Date.now();
    const report = await service(hang, env, { timeoutMs: 300 }).get();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.go.found).toBe(false);
    expect(report.go.error).toMatch(/did not finish within/);
    expect(report.vars.GOPATH).toBe('/home/u/go');
  });

  it('uses the defaults when go env fails or prints garbage', async () => {
    const failing = fakeGo(
      dir,
      'failing-go',
      'echo "go: cannot find GOROOT directory" >&2; exit 2',
    );
    const r1 = await service(failing, env).get();
    expect(r1.go.found).toBe(false);
    expect(r1.go.error).toMatch(/cannot find GOROOT/);
    const garbage = fakeGo(dir, 'garbage-go', 'echo "this is not json"');
    const r2 = await service(garbage, env).get();
    expect(r2.go.found).toBe(false);
    expect(r2.vars.GOCACHE).toBe('/home/u/.cache/go-build');
  });

  it('runs go env in a neutral directory with GOTOOLCHAIN=local', async () => {
    const script = fakeGo(
      dir,
      'reporting-go',
      'printf \'{"GOPATH":"%s","GOMODCACHE":"%s"}\' "$PWD" "$GOTOOLCHAIN"',
    );
    const report = await service(script, env).get();
    expect(report.go.found).toBe(true);
    expect(report.vars.GOMODCACHE).toBe('local');
    expect(report.vars.GOPATH).not.toBe(process.cwd());
  });
});
