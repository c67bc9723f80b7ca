import { appendFileSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import type { DoctorReport } from '../../shared/dto/doctor';
import type { GoFixture } from '../fixtures/go-fixture';
import { treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { goAs, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';

// GOFLAGS=-modcacherw caches: Go leaves their extracted folders writable. What ModVault writes
// into a cache follows the scheme the cache's own trees use — not today's GOFLAGS, which may
// differ from the one that filled the cache. As nobody: root would write into read-only folders.

const writable = (dir: string) => (lstatSync(dir).mode & 0o200) !== 0;

/** Every folder of a tree, and whether each is writable. */
function dirModes(dir: string): Map<string, boolean> {
  const out = new Map<string, boolean>([['.', writable(dir)]]);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) {
        const full = path.join(d, e.name);
        out.set(path.relative(dir, full), writable(full));
        walk(full);
      }
  };
  walk(dir);
  return out;
}

const every = (m: Map<string, boolean>, v: boolean) => [...m.values()].every((x) => x === v);

/** A cache filled by the real go with -modcacherw, owned by nobody. */
async function writableCache(): Promise<GoFixture> {
  const fx = await copyFixture();
  await giveToNobody(fx.root);
  const clean = await runAsNobody('go', ['clean', '-modcache'], fx.env);
  expect(clean.code, clean.stderr).toBe(0);
  for (const project of ['alpha', 'beta'] as const) {
    const build = await goAs(fx, true, ['build', '-o', '/dev/null', './...'], project, {
      GOPROXY: fx.env.GOPROXY!,
      GOFLAGS: '-mod=mod -modcacherw',
    });
    expect(build.code, build.stderr).toBe(0);
  }
  return fx;
}

describe.skipIf(!canDropPrivileges)('GOFLAGS=-modcacherw caches (as nobody)', () => {
  it('verify, doctor --fix and a full restore keep the writable scheme although GOFLAGS no longer says so; rm -rf still works', async () => {
    const fx = await writableCache();
    const M = fx.gomodcache;
    const lib = treeDir(M, 'example.com/lib', 'v1.1.0');
    expect(every(dirModes(lib), true)).toBe(true); // what go -modcacherw made
    // The user's shell no longer sets -modcacherw (fx.env has GOFLAGS=-mod=mod).

    const snap = await snapshot(fx, [], { asNobody: true });
    expect(snap.code, snap.stderr).toBe(0);
    const verify = await runCli(['verify', '--deep', '--json'], { env: fx.env, asNobody: true });
    expect(verify.json<VerifyReport>().problems).toEqual([]);

    // The doctor extracts a changed tree again: writable, like every other tree of this cache.
    appendFileSync(path.join(lib, 'lib.go'), '// changed\n');
    const fixed = await runCli(['doctor', '--deep', '--fix', '--json'], {
      env: fx.env,
      asNobody: true,
    });
    const fix = fixed
      .json<DoctorReport>()
      .fixes.find((f) => f.path === 'example.com/lib' && f.version === 'v1.1.0');
    expect(fix, fixed.stdout).toMatchObject({ action: 'reextract-tree', ok: true, verified: true });
    expect(every(dirModes(lib), true)).toBe(true);
    expect(lstatSync(path.join(lib, 'lib.go')).mode & 0o777).toBe(0o444);

    // A full restore of a deleted tree writes it writable too.
    const rm = await runAsNobody('rm', ['-rf', lib], fx.env);
    expect(rm.code, rm.stderr).toBe(0);
    const back = await restore(fx, ['--mode', 'full'], { asNobody: true });
    expect(back.code, back.stderr).toBe(0);
    expect(existsSync(lib)).toBe(true);
    expect(every(dirModes(lib), true)).toBe(true);

    // So the cache stays deletable the way its owner deletes it: plain rm -rf, no chmod.
    const wipe = await runAsNobody('rm', ['-rf', M], fx.env);
    expect(wipe.code, wipe.stderr).toBe(0);
  });

  it('a read-only cache stays read-only even when GOFLAGS now has -modcacherw', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const M = fx.gomodcache;
    const lib = treeDir(M, 'example.com/lib', 'v1.1.0');
    expect(every(dirModes(lib), false)).toBe(true); // go's default
    const snap = await snapshot(fx, [], { asNobody: true });
    expect(snap.code, snap.stderr).toBe(0);
    const rm = await runAsNobody('sh', ['-c', 'chmod -R u+w "$0" && rm -rf "$0"', lib], fx.env);
    expect(rm.code, rm.stderr).toBe(0);

    const env = { ...fx.env, GOFLAGS: '-mod=mod -modcacherw' };
    const back = await restore(fx, ['--mode', 'full'], { env, asNobody: true });
    expect(back.code, back.stderr).toBe(0);
    expect(every(dirModes(lib), false)).toBe(true);
    const build = await goAs(fx, true, ['build', '-o', '/dev/null', './...'], 'alpha');
    expect(build.code, build.stderr).toBe(0);
  });
});
