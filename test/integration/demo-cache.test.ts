import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { DemoInfo } from '../../shared/dto/demo';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { cacheState } from '../helpers/restore';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';

// `modvault demo`: a small real module cache of its own — Go builds a project against it
// offline and `go mod verify` agrees — used instead of the real cache until removed, which
// leaves the real cache exactly as it was.

describe.skipIf(!canDropPrivileges)('the demo cache (as nobody)', () => {
  it('is real, is used instead of the real cache, and goes away without touching it', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const env = { ...fx.env, GOPROXY: 'off' };
    const asNobody = true;
    const real = cacheState(fx.gomodcache);

    const made = await runCli(['demo', '--json'], { env, asNobody });
    expect(made.code, made.stderr).toBe(0);
    const demo = made.json<DemoInfo>();
    expect(demo.gomodcache).toContain(`${fx.env.HOME}/`);
    expect(demo.gomodcache).not.toBe(fx.gomodcache);

    const scan = (await runCli(['scan', '--json'], { env, asNobody })).json<ScanReport>();
    expect(scan.gomodcache).toBe(demo.gomodcache);
    expect(scan.modules.map((m) => [m.path, m.version, m.state])).toEqual([
      ['demo.modvault.dev/Strings', 'v1.2.0', 'ok'],
      ['demo.modvault.dev/greet', 'v1.0.0', 'ok'],
      ['demo.modvault.dev/greet', 'v1.1.0', 'ok'],
      ['demo.modvault.dev/mathx', 'v0.3.0', 'ok'],
    ]);
    expect((await runCli(['verify', '--deep'], { env, asNobody })).code).toBe(0);

    // The real go command: the project builds offline against the demo cache, all verified.
    const goEnv = { ...env, GOMODCACHE: demo.gomodcache, GOFLAGS: '' };
    const build = await runAsNobody('go', ['run', '.'], goEnv, demo.project);
    expect(build.stdout, build.stderr).toBe('Hello, demo! hello 3\n');
    const verify = await runAsNobody('go', ['mod', 'verify'], goEnv, demo.project);
    expect(verify.stdout).toContain('all modules verified');

    // A snapshot of it works like any other.
    expect((await runCli(['snapshot'], { env, asNobody })).code).toBe(0);

    const removed = await runCli(['demo', '--remove'], { env, asNobody });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/uses your real module cache again/);
    expect(existsSync(demo.gomodcache)).toBe(false);
    const back = (await runCli(['scan', '--json'], { env, asNobody })).json<ScanReport>();
    expect(back.gomodcache).toBe(fx.gomodcache);
    expect(cacheState(fx.gomodcache)).toEqual(real);
  });
});
