import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, CleanPlan, CleanResult, UndoResult } from '../../shared/dto/clean';
import { goCommand, goEscape } from '../fixtures/go-fixture';
import { UNUSED_VERSIONS } from '../fixtures/fixture-modules';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { treeSnapshot } from '../helpers/tree-snapshot';
import { giveToNobody } from '../helpers/unprivileged';

const offline = (env: Record<string, string>) => ({ ...env, GOPROXY: 'off' });

describe('modvault clean unused', () => {
  it('quarantines exactly what no project uses; both projects still build offline; undo is byte- and mode-identical (as nobody)', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const projects = path.join(fx.root, 'projects');
    const before = treeSnapshot(fx.gomodcache);

    const plan = await runCli(
      ['clean', 'unused', '--project-root', projects, '--dry-run', '--json'],
      {
        env: fx.env,
        asNobody: true,
      },
    );
    expect(plan.code, plan.stderr).toBe(0);
    const planned = plan.json<CleanPlan & { bytesFreed: number; quarantineId: null }>();
    expect(planned.items.map((i) => `${i.path}@${i.version}`).sort()).toEqual(
      [...UNUSED_VERSIONS].sort(),
    );
    expect(planned.bytesFreed).toBe(0);
    expect(planned.quarantineId).toBeNull();
    expect(treeSnapshot(fx.gomodcache)).toEqual(before);
    const kept = planned.kept.find((k) => k.path === 'example.com/lib' && k.version === 'v1.0.0')!;
    expect(kept).toMatchObject({ reason: 'in-use', projects: [fx.projects.beta] });

    const res = await runCli(['clean', 'unused', '--project-root', projects, '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    expect(
      result.items.map((i) => ({
        path: i.path,
        version: i.version,
        reason: i.reason,
        bytes: i.bytes,
      })),
    ).toHaveLength(2);
    for (const i of result.items) expect(i.bytes).toBeGreaterThan(0);
    expect(result.bytesFreed).toBe(result.items.reduce((n, i) => n + i.bytes, 0));
    expect(result.quarantineId).toMatch(/^q-\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(result.failed).toEqual([]);

    // Gone from the cache as whole units, .lock files left as Go expects, list rewritten like Go.
    const upper = path.join(
      fx.gomodcache,
      'cache',
      'download',
      'example.com',
      '!upper',
      '!case',
      '@v',
    );
    expect(existsSync(path.join(upper, 'v1.0.0.zip'))).toBe(false);
    expect(existsSync(path.join(upper, 'v1.0.0.lock'))).toBe(true);
    expect(existsSync(path.join(fx.gomodcache, 'example.com', '!upper', '!case@v1.0.0'))).toBe(
      false,
    );
    expect(readFileSync(path.join(upper, 'list'), 'utf8')).toBe('v1.1.0\n');
    // The quarantine is beside the cache, outside what go clean -modcache removes.
    const qdir = path.join(
      path.dirname(fx.gomodcache),
      '.modvault-quarantine',
      result.quarantineId!,
    );
    expect(existsSync(path.join(qdir, 'manifest.json'))).toBe(true);

    for (const dir of [fx.projects.alpha, fx.projects.beta])
      await goCommand(['build', './...'], { cwd: dir, env: offline(fx.env) });

    const undo = await runCli(['quarantine', 'undo', result.quarantineId!, '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.json<UndoResult>()).toMatchObject({ restored: 2, conflicts: [], remaining: 0 });
    expect(treeSnapshot(fx.gomodcache)).toEqual(before);
    expect(existsSync(qdir)).toBe(false);

    // Everything was written to the audit log in the fixture's home, never the real one.
    const audit = readFileSync(
      path.join(fx.root, 'home', '.local', 'share', 'modvault', 'audit.jsonl'),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(audit.filter((a) => a.action === 'quarantine').map((a) => a.undo)).toEqual([
      result.quarantineId,
      result.quarantineId,
    ]);
    expect(audit.filter((a) => a.action === 'undo')).toHaveLength(2);
    expect(audit[0]).toMatchObject({ rule: 'unused', ok: true });
  });

  it('deletes read-only trees for good with --delete, without sudo', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const res = await runCli(
      ['clean', 'unused', '--project-root', path.join(fx.root, 'projects'), '--delete', '--json'],
      {
        env: fx.env,
        asNobody: true,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    expect(result).toMatchObject({ mode: 'delete', quarantineId: null, failed: [] });
    expect(
      existsSync(path.join(fx.gomodcache, 'example.com', `lib@${goEscape('v1.2.0-RC.1')}`)),
    ).toBe(false);
    expect(existsSync(path.join(path.dirname(fx.gomodcache), '.modvault-quarantine'))).toBe(false);
    const scan = await runCli(['scan', '--json'], { env: fx.env });
    const ids = scan
      .json<{ modules: { path: string; version: string }[] }>()
      .modules.map((m) => `${m.path}@${m.version}`);
    for (const v of UNUSED_VERSIONS) expect(ids).not.toContain(v);
    expect(ids).toHaveLength(6);
    for (const dir of [fx.projects.alpha, fx.projects.beta])
      await goCommand(['build', './...'], { cwd: dir, env: offline(fx.env) });
  });

  it('keeps the newest versions with --keep-latest and recent downloads with --older-than', async () => {
    const fx = await copyFixture();
    const projects = path.join(fx.root, 'projects');
    const keepLatest = await runCli(
      ['clean', 'unused', '--project-root', projects, '--keep-latest', '1', '--dry-run', '--json'],
      { env: fx.env },
    );
    const plan = keepLatest.json<CleanPlan>();
    // lib v1.2.0-RC.1 is the newest lib; Upper/Case v1.0.0 is older than the used v1.1.0.
    expect(plan.items.map((i) => `${i.path}@${i.version}`)).toEqual([
      'example.com/Upper/Case@v1.0.0',
    ]);
    expect(plan.kept.find((k) => k.version === 'v1.2.0-RC.1')?.reason).toBe('keep-latest');

    const recent = await runCli(
      ['clean', 'unused', '--project-root', projects, '--older-than', '30d', '--dry-run', '--json'],
      { env: fx.env },
    );
    const recentPlan = recent.json<CleanPlan>();
    expect(recentPlan.items).toEqual([]);
    expect(recentPlan.kept.filter((k) => k.reason === 'too-recent')).toHaveLength(2);
  });

  it('needs project roots, takes them from the settings, and refuses roots without projects', async () => {
    const fx = await copyFixture();
    const none = await runCli(['clean', 'unused', '--dry-run'], { env: fx.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No project roots/);
    const empty = await runCli(['clean', 'unused', '--project-root', fx.proxyDir, '--dry-run'], {
      env: fx.env,
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No Go projects/);

    const set = await runCli(
      [
        'clean',
        'settings',
        '--project-root',
        path.join(fx.root, 'projects'),
        '--quarantine-days',
        '3',
        '--json',
      ],
      { env: fx.env },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.json()).toMatchObject({
      projectRoots: [path.join(fx.root, 'projects')],
      quarantineRetentionDays: 3,
    });
    // They are the app's settings, which the desktop app's Settings page edits too.
    expect(existsSync(path.join(fx.root, 'home', '.config', 'modvault', 'settings.json'))).toBe(
      true,
    );
    const plan = await runCli(['clean', 'unused', '--dry-run', '--json'], { env: fx.env });
    expect(plan.json<CleanPlan>().items).toHaveLength(2);

    // An unreadable go.sum would make what it names look unused: refuse instead (as nobody).
    await giveToNobody(fx.root);
    chmodSync(path.join(fx.projects.beta, 'go.sum'), 0o000);
    const unreadable = await runCli(['clean', 'unused', '--dry-run'], {
      env: fx.env,
      asNobody: true,
    });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/beta\/go.sum cannot be read/);

    const wrongKind = await runCli(['clean', 'gocache', '--keep-latest', '2'], { env: fx.env });
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/--keep-latest applies to clean unused only/);
  });
});
