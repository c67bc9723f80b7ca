import { execFileSync } from 'node:child_process';
import { existsSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { BackupFirstPort } from '../../electron/engine/clean/backup-port';
import { compose } from '../../electron/engine/compose';
import type { SnapshotRestorePort } from '../../electron/engine/doctor/snapshot-port';
import type { ModuleVersion } from '../../electron/engine/gomod/layout';
import { downloadFile, treeDir } from '../helpers/cache-damage';
import { copyFixture } from '../helpers/fixture';

const workerScript = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'worker.mjs');

async function engineFor(
  env: Record<string, string>,
  ports?: Parameters<typeof compose>[0]['ports'],
) {
  const engine = compose({ workerScript, env, home: env.HOME!, ports, workers: 1 });
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
    expect(result.notes).toContain(
      '1 selected item(s) are no longer in the plan and were left alone.',
    );
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/lib', 'v1.2.0-RC.1'))).toBe(true);
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0'))).toBe(false);
  });

  it('backs up first into the backup store: the snapshot holds what the cleanup moves', async () => {
    const fx = await copyFixture();
    const projectRoots = [path.join(fx.root, 'projects')];
    const engine = await engineFor(fx.env);
    const result = await engine.client.runJob('clean.run', {
      kind: 'unused',
      projectRoots,
      backupFirst: true,
    });
    expect(result.backupSnapshotId).toMatch(/^[0-9a-f]{8}$/);
    expect(existsSync(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.0.0'))).toBe(false);
    const held = await engine.client.query('store.versions', {
      snapshot: result.backupSnapshotId!,
    });
    expect(held.map((v) => `${v.path}@${v.version}`)).toEqual(
      expect.arrayContaining(['example.com/Upper/Case@v1.0.0', 'example.com/lib@v1.2.0-RC.1']),
    );
    expect(held.every((v) => v.verified)).toBe(true);
  });

  it('hands the versions about to go to an injected backup port before anything moves', async () => {
    const fx = await copyFixture();
    const projectRoots = [path.join(fx.root, 'projects')];
    const asked: ModuleVersion[][] = [];
    const backupFirst: BackupFirstPort = {
      backupBeforeClean: async (req) => {
        // The port runs before anything moves: the versions are all still there.
        for (const v of req.versions as ModuleVersion[])
          expect(existsSync(treeDir(fx.gomodcache, v.path, v.version))).toBe(true);
        asked.push(req.versions as ModuleVersion[]);
        return { snapshotId: 'snap-42' };
      },
    };
    const withPort = await engineFor(fx.env, { backupFirst });
    const result = await withPort.client.runJob('clean.run', {
      kind: 'unused',
      projectRoots,
      backupFirst: true,
    });
    expect(result.backupSnapshotId).toBe('snap-42');
    expect(asked[0]!.map((v) => `${v.path}@${v.version}`).sort()).toEqual([
      'example.com/Upper/Case@v1.0.0',
      'example.com/lib@v1.2.0-RC.1',
    ]);
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

  it('restores a damaged version from the latest snapshot holding it when the store port is there', async () => {
    const fx = await copyFixture();
    truncateSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 400);
    const restored: string[] = [];
    const snapshotRestore: SnapshotRestorePort = {
      latestHolding: async (m) => (m.path === 'example.com/lib' ? { snapshotId: 'snap-7' } : null),
      // Stands in for the store: the proxy has the same bytes a snapshot would.
      restoreVersion: async (req) => {
        restored.push(`${req.snapshotId} ${req.version.version} ${req.scopes.join(',')}`);
        execFileSync('go', ['mod', 'download', `${req.version.path}@${req.version.version}`], {
          env: { ...fx.env, GOFLAGS: '' },
          cwd: fx.root,
        });
      },
    };
    const engine = await engineFor(fx.env, { snapshotRestore });
    const report = await engine.client.runJob('doctor.run', { fix: true });
    const finding = report.findings.find((f) => f.id === 'zip-unreadable:example.com/lib@v1.0.0')!;
    expect(finding.action).toBe('restore-from-snapshot');
    expect(report.fixes.find((f) => f.version === 'v1.0.0')).toMatchObject({
      action: 'restore-from-snapshot',
      ok: true,
      verified: true,
    });
    expect(restored).toEqual(['snap-7 v1.0.0 zip']);
  });
});
