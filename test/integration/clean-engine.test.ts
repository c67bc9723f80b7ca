import { existsSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { compose } from '../../electron/engine/compose';
import { downloadFile, treeDir } from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';
import { go, offline } from '../helpers/go';

const workerScript = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'worker.mjs');

async function engineFor(env: Record<string, string>) {
  const engine = compose({ workerScript, env, home: env.HOME!, workers: 1 });
  onTestFinished(() => engine.dispose());
  return engine;
}

describe('the clean and doctor commands through the engine (as the UI calls them)', () => {
  it('runs only the items selected from a previewed plan', async () => {
    const fx = await copyFixture();
    const engine = await engineFor(fx.env);
    const projectRoots = [path.join(fx.root, 'projects')];
    const plan = await engine.client.runJob('clean.plan', { kind: 'unused', projectRoots });
    expect(plan.items).toHaveLength(2);
    const chosen = plan.items.find((i) => i.version === 'v1.0.0')!;
    const result = await engine.client.runJob('clean.run', {
      kind: 'unused',
      projectRoots,
      select: [chosen.id, 'version:example.com/gone@v9.9.9'],
    });
    expect(result.items.map((i) => i.id)).toEqual([chosen.id]);
    expect(result.notes).toContain('1 selected item is no longer in the plan and was left alone.');
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/lib', 'v1.2.0-RC.1'))).toBe(true);
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0'))).toBe(false);
  });

  it('backs up first with a real snapshot, from which the cleaned versions can be restored', async () => {
    const fx = await copyFixture();
    const projectRoots = [path.join(fx.root, 'projects')];
    const engine = await engineFor(fx.env);
    const result = await engine.client.runJob('clean.run', {
      kind: 'unused',
      projectRoots,
      backupFirst: true,
    });
    expect(result.backupSnapshotId).toMatch(/^[0-9a-f]{8}$/);
    const gone = ['example.com/Upper/Case@v1.0.0', 'example.com/lib@v1.2.0-RC.1'];
    expect(result.items.map((i) => `${i.path}@${i.version}`).sort()).toEqual(gone);
    const held = await engine.client.query('store.versions', {
      snapshot: result.backupSnapshotId!,
    });
    expect(held.map((v) => `${v.path}@${v.version}`)).toEqual(expect.arrayContaining(gone));
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0'))).toBe(false);

    const restored = await engine.client.runJob('restore.run', {
      snapshot: result.backupSnapshotId!,
      modules: gone,
      mode: 'full',
    });
    expect(restored).toMatchObject({ restored: 2, verified: 2, failed: [], mismatches: [] });
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0'))).toBe(true);
  });

  it('repairs only the findings asked for (the Fix button of one finding)', async () => {
    const fx = await copyFixture();
    truncateSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 400);
    truncateSync(downloadFile(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0', 'zip'), 300);
    const engine = await engineFor(fx.env);
    const before = await engine.client.runJob('doctor.run', {});
    const lib = 'zip-unreadable:example.com/lib@v1.0.0';
    const upper = 'zip-unreadable:example.com/Upper/Case@v1.1.0';
    expect(before.findings.map((f) => f.id)).toEqual(expect.arrayContaining([lib, upper]));
    const report = await engine.client.runJob('doctor.run', { fix: true, only: [lib] });
    expect(report.fixes.map((f) => `${f.path}@${f.version}`)).toEqual(['example.com/lib@v1.0.0']);
    expect(report.fixes[0]).toMatchObject({ ok: true, verified: true });
    const remaining = report.remaining!.map((f) => f.id);
    expect(remaining).not.toContain(lib);
    expect(remaining).toContain(upper);
  });

  it('doctor --fix restores a damaged version from the latest snapshot holding it, offline', async () => {
    const fx = await copyFixture();
    // No proxy: a repair that tried to download would fail.
    const engine = await engineFor({ ...fx.env, GOPROXY: 'off' });
    const snap = await engine.client.runJob('store.snapshot', {});
    const zip = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip');
    const original = readFileSync(zip);
    truncateSync(zip, 400);
    const report = await engine.client.runJob('doctor.run', {
      fix: true,
      projectRoots: [path.join(fx.root, 'projects')],
    });
    const finding = report.findings.find((f) => f.id === 'zip-unreadable:example.com/lib@v1.0.0')!;
    expect(finding.action).toBe('restore-from-snapshot');
    expect(report.fixes.find((f) => f.version === 'v1.0.0')).toMatchObject({
      action: 'restore-from-snapshot',
      ok: true,
      verified: true,
      message: `restored zip from snapshot ${snap.id}`,
    });
    expect(report.remaining!.filter((f) => f.severity === 'error')).toEqual([]);
    // A rebuilt zip, not the original bytes, with the original's h1: Go accepts it offline.
    expect(readFileSync(zip).equals(original)).toBe(false);
    const build = await go(['build', './...'], {
      cwd: fx.projects.beta,
      env: offline({ ...fx.env, GOFLAGS: '-mod=mod' }),
    });
    expect(build.code, build.stderr).toBe(0);
    const verify = await go(['mod', 'verify'], { cwd: fx.projects.beta, env: offline(fx.env) });
    expect(verify.stdout).toContain('all modules verified');
  });
});
