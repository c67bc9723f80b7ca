import { appendFileSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import type { CleanResult, UndoResult } from '../../shared/dto/clean';
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
  it('cleanup of a writable cache: unused versions go to the quarantine and come back writable; --delete removes them; the trees in use stay as they were', async () => {
    const fx = await writableCache();
    const M = fx.gomodcache;
    const projects = path.join(fx.root, 'projects');
    // A version no project uses, downloaded the same writable way.
    const extra = await runAsNobody(
      'go',
      ['mod', 'download', 'example.com/lib@v1.2.0-RC.1'],
      { ...fx.env, GOFLAGS: '-modcacherw' },
      fx.root,
    );
    expect(extra.code, extra.stderr).toBe(0);
    const plan = await runCli(
      ['clean', 'unused', '--project-root', projects, '--dry-run', '--json'],
      {
        env: fx.env,
        asNobody: true,
      },
    );
    const planned = plan.json<CleanResult>().items.filter((i) => i.version);
    expect(planned.length, plan.stdout).toBeGreaterThan(0);
    const trees = planned.map((i) => treeDir(M, i.path, i.version!)).filter((d) => existsSync(d));
    expect(trees.length).toBeGreaterThan(0);
    const before = new Map(trees.map((d) => [d, dirModes(d)]));
    for (const modes of before.values()) expect(every(modes, true)).toBe(true);

    const res = await runCli(['clean', 'unused', '--project-root', projects, '--yes', '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    expect(result.failed).toEqual([]);
    for (const d of trees) expect(existsSync(d)).toBe(false);
    const undo = await runCli(['quarantine', 'undo', result.quarantineId!, '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.json<UndoResult>().remaining).toBe(0);
    for (const [d, modes] of before) expect(dirModes(d)).toEqual(modes);

    const gone = await runCli(
      ['clean', 'unused', '--project-root', projects, '--delete', '--yes', '--json'],
      {
        env: fx.env,
        asNobody: true,
      },
    );
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.json<CleanResult>().failed).toEqual([]);
    for (const d of trees) expect(existsSync(d)).toBe(false);
    // What the projects use is untouched, writable as go made it, and still builds.
    expect(every(dirModes(treeDir(M, 'example.com/lib', 'v1.1.0')), true)).toBe(true);
    const build = await goAs(fx, true, ['build', '-o', '/dev/null', './...'], 'alpha', {
      GOPROXY: 'off',
    });
    expect(build.code, build.stderr).toBe(0);
  });
});
