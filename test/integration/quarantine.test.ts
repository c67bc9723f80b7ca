import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CleanResult, PurgeResult, QuarantineInfo, UndoResult } from '../../shared/dto/clean';
import { goCommand } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import type { GoFixture } from '../fixtures/go-fixture';
import { copyFixture } from '../helpers/fixture';
import { treeSnapshot } from '../helpers/tree-snapshot';
import { giveToNobody } from '../helpers/unprivileged';

async function quarantineUnused(fx: GoFixture, asNobody = false): Promise<string> {
  const res = await runCli(
    ['clean', 'unused', '--project-root', path.join(fx.root, 'projects'), '--json'],
    {
      env: fx.env,
      asNobody,
    },
  );
  expect(res.code, res.stderr).toBe(0);
  return res.json<CleanResult>().quarantineId!;
}

const folderOf = (fx: GoFixture, id: string) =>
  path.join(path.dirname(fx.gomodcache), '.modvault-quarantine', id);

describe('modvault quarantine', () => {
  it('lists quarantines and purges them by age or by id (as nobody)', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const first = await quarantineUnused(fx, true);
    await runCli(['quarantine', 'undo', first], { env: fx.env, asNobody: true });
    const second = await quarantineUnused(fx, true);

    const list = await runCli(['quarantine', 'list', '--json'], { env: fx.env });
    const [q] = list.json<QuarantineInfo[]>();
    expect(q).toMatchObject({ id: second, origin: 'clean unused', status: 'complete', items: 2 });
    expect(q!.expiresAt - q!.createdAt).toBe(14 * 24 * 3600 * 1000);
    expect(q!.preview.map((p) => p.rule)).toEqual(['unused', 'unused']);

    const young = await runCli(['quarantine', 'purge', '--json'], { env: fx.env, asNobody: true });
    expect(young.json<PurgeResult>()).toMatchObject({ purged: [], kept: 1 });
    const byId = await runCli(['quarantine', 'purge', second, '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.json<PurgeResult>().purged.map((p) => p.id)).toEqual([second]);
    expect(byId.json<PurgeResult>().bytesFreed).toBeGreaterThan(0);
    expect(existsSync(folderOf(fx, second))).toBe(false);

    writeFileSync(
      path.join(fx.gomodcache, 'cache', 'download', 'example.com', 'lib', '@v', 'v1.0.0.zip99.tmp'),
      'x',
    );
    const corrupt = await runCli(['clean', 'corrupt', '--json'], { env: fx.env, asNobody: true });
    const third = corrupt.json<CleanResult>().quarantineId!;
    const aged = await runCli(['quarantine', 'purge', '--older-than', '0s', '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(aged.json<PurgeResult>().purged.map((p) => p.id)).toEqual([third]);
    const unknown = await runCli(['quarantine', 'undo', second], { env: fx.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No quarantine with id/);
  });

  it('never overwrites a version Go downloaded again: it reports the conflict and keeps the copy', async () => {
    const fx = await copyFixture();
    const id = await quarantineUnused(fx);
    const dl = path.join(fx.root, 'download-only');
    await goCommand(['mod', 'download', 'example.com/lib@v1.2.0-RC.1'], { cwd: dl, env: fx.env });
    const undo = await runCli(['quarantine', 'undo', id, '--json'], { env: fx.env });
    expect(undo.code).toBe(1);
    const r = undo.json<UndoResult>();
    expect(r.restored).toBe(1);
    expect(r.remaining).toBe(1);
    expect(r.conflicts.map((c) => path.basename(c.path))).toContain('lib@v1.2.0-!r!c.1');
    const [q] = (await runCli(['quarantine', 'list', '--json'], { env: fx.env })).json<
      QuarantineInfo[]
    >();
    expect(q).toMatchObject({ id, status: 'partly-restored', items: 1 });
  });

  it('undoes a quarantine whose run was interrupted, from its journal', async () => {
    const fx = await copyFixture();
    const before = treeSnapshot(fx.gomodcache);
    const id = await quarantineUnused(fx);
    // What a crash after the moves and before the final manifest leaves behind.
    const manifestFile = path.join(folderOf(fx, id), 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      manifestFile,
      JSON.stringify({ ...manifest, status: 'incomplete', items: 0, bytes: 0 }),
    );
    const [q] = (await runCli(['quarantine', 'list', '--json'], { env: fx.env })).json<
      QuarantineInfo[]
    >();
    expect(q).toMatchObject({ id, status: 'incomplete', items: 2 });
    const undo = await runCli(['quarantine', 'undo', id, '--json'], { env: fx.env });
    expect(undo.json<UndoResult>()).toMatchObject({ restored: 2, remaining: 0 });
    expect(treeSnapshot(fx.gomodcache)).toEqual(before);
  });
});
