import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import { downloadFile, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { cacheState, deleteCacheAsUser, goAs, inode, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

// The acceptance, with the real toolchain: snapshot, delete the cache as its user would,
// restore, then the go command builds offline and `go mod verify` agrees. Run as "nobody" (root
// ignores the read-only trees Go makes, and would hide every permission bug).

const VERSIONS = 8;

async function prepare(asNobody: boolean): Promise<GoFixture> {
  const fx = await copyFixture();
  if (asNobody) await giveToNobody(fx.root);
  const snap = await snapshot(fx, [], { asNobody });
  expect(snap.code, snap.stderr).toBe(0);
  expect(snap.result.versions).toBe(VERSIONS);
  return fx;
}

async function buildsOffline(fx: GoFixture, asNobody: boolean): Promise<void> {
  for (const project of ['alpha', 'beta'] as const) {
    const build = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], project, {
      GOFLAGS: '-mod=mod',
    });
    expect(build.code, `${project}: ${build.stderr}`).toBe(0);
    const verify = await goAs(fx, asNobody, ['mod', 'verify'], project);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('all modules verified');
  }
}

describe.skipIf(!canDropPrivileges)('restore: acceptance with the real go command', () => {
  it('quick restore after `rm -rf` of the cache: go builds offline and verifies (as nobody)', async () => {
    const fx = await prepare(true);
    await deleteCacheAsUser(fx, true);
    expect(existsSync(fx.gomodcache)).toBe(false);

    const { code, stderr, result } = await restore(fx, [], { asNobody: true });
    expect(code, stderr).toBe(0);
    expect(result).toMatchObject({
      dryRun: false,
      mode: 'quick',
      restored: VERSIONS,
      skipped: 0,
      failed: [],
      verified: VERSIONS,
      mismatches: [],
    });
    expect(result.plan.counts).toMatchObject({ missing: VERSIONS, present: 0, damaged: 0 });
    expect(result.plan.space.ok).toBe(true);
    // Quick: cache/download only; Go extracts the trees itself.
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/lib', 'v1.1.0'))).toBe(false);
    const ziphash = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.1.0', 'ziphash');
    expect(readFileSync(ziphash, 'utf8')).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    expect(result.goCommand).toMatch(/GOPROXY=off .*go mod verify$/);

    await buildsOffline(fx, true);
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/lib', 'v1.1.0'))).toBe(true);
  });

  it('full restore gives back every tree byte for byte and mode for mode (as nobody)', async () => {
    const fx = await prepare(true);
    const before = cacheState(fx.gomodcache);
    await deleteCacheAsUser(fx, true);

    const { code, stderr, result } = await restore(fx, ['--mode', 'full'], { asNobody: true });
    expect(code, stderr).toBe(0);
    expect(result).toMatchObject({ restored: VERSIONS, verified: VERSIONS, failed: [] });
    const after = cacheState(fx.gomodcache);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [rel, state] of before) expect(after.get(rel), rel).toEqual(state);
    // Go's read-only trees: files 0444, folders 0555.
    expect(after.get('example.com/lib@v1.1.0/internal/deep/deep.go')).toMatchObject({
      mode: 0o444,
    });
    expect(after.get('example.com/lib@v1.1.0/internal')).toMatchObject({ mode: 0o555 });
    // A file identical in two versions of a module is written once (a hard link, read-only).
    const shared = (v: string) => `${treeDir(fx.gomodcache, 'example.com/lib', v)}/shared.go`;
    expect(inode(shared('v1.0.0'))).toBe(inode(shared('v1.1.0')));

    await buildsOffline(fx, true);
    // The user can still delete what was restored, without sudo.
    await deleteCacheAsUser(fx, true);
  });

  it('--no-links writes separate copies, still identical', async () => {
    const fx = await prepare(false);
    const before = cacheState(fx.gomodcache);
    await deleteCacheAsUser(fx, false);
    const { code, result } = await restore(fx, ['--mode', 'full', '--no-links']);
    expect(code).toBe(0);
    expect(result.verified).toBe(VERSIONS);
    expect(cacheState(fx.gomodcache)).toEqual(before);
    const shared = (v: string) => `${treeDir(fx.gomodcache, 'example.com/lib', v)}/shared.go`;
    expect(inode(shared('v1.0.0'))).not.toBe(inode(shared('v1.1.0')));
  });

  it('restores only what a project needs, or named versions; a version not in the snapshot fails', async () => {
    const fx = await prepare(false);
    await deleteCacheAsUser(fx, false);
    const beta = await restore(fx, ['--project', fx.projects.beta]);
    expect(beta.code, beta.stderr).toBe(0);
    expect(beta.result.restored).toBe(2); // lib v1.0.0 and nogomod v1.0.0
    expect(beta.result.plan.scope).toMatchObject({ all: false, projects: [fx.projects.beta] });
    expect(beta.result.goCommand).toContain(`cd ${fx.projects.beta} && `);
    const build = await goAs(fx, false, ['build', '-o', '/dev/null', './...'], 'beta');
    expect(build.code, build.stderr).toBe(0);
    expect(existsSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.1.0', 'zip'))).toBe(false);

    const named = await restore(fx, [
      '--module',
      'example.com/Upper/Case@v1.0.0',
      '--module',
      'example.com/nope@v1.0.0',
    ]);
    expect(named.code).toBe(1);
    expect(named.result.restored).toBe(1);
    expect(named.result.failed).toEqual([
      expect.objectContaining({ path: 'example.com/nope', reason: 'not-in-snapshot' }),
    ]);
    expect(
      existsSync(downloadFile(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0', 'ziphash')),
    ).toBe(true);

    // Everything else comes back too; what is there already is left alone.
    const rest = await restore(fx, ['--dry-run']);
    expect(rest.result.plan.counts).toMatchObject({ missing: 5, present: 3 });
    expect(rest.result.restored).toBe(0);
  });

  it('restores into another folder (a new machine) without touching the live cache', async () => {
    const fx = await prepare(false);
    const live = cacheState(fx.gomodcache);
    const target = `${fx.root}/elsewhere/pkg/mod`;
    const { code, result } = await restore(fx, ['--target-gomodcache', target]);
    expect(code).toBe(0);
    expect(result).toMatchObject({ target, restored: VERSIONS, verified: VERSIONS });
    expect(result.plan.targetIsLive).toBe(false);
    expect(result.goCommand).toContain(`GOMODCACHE=${target} GOPROXY=off`);
    expect(cacheState(fx.gomodcache)).toEqual(live);
    const build = await goAs(fx, false, ['build', '-o', '/dev/null', './...'], 'alpha', {
      GOMODCACHE: target,
    });
    expect(build.code, build.stderr).toBe(0);
  });

  it('prints the plan, the verification and the go command for people', async () => {
    const fx = await prepare(false);
    await deleteCacheAsUser(fx, false);
    const res = await runCli(['restore', '--mode', 'full'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/missing\s+8/);
    expect(res.stdout).toMatch(/Restored 8 version\(s\)/);
    expect(res.stdout).toMatch(/Verified 8 of 8: read back from disk/);
    expect(res.stdout).toMatch(/Double-check with Go: cd .* go mod verify/);
  });
});
