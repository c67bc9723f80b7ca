import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CleanResult } from '../../shared/dto/clean';
import type { DoctorReport } from '../../shared/dto/doctor';
import { downloadFile, tamperZip, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { cacheState, goAs, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { removeTree } from '../helpers/temp';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

// A cache that is partly there: restore writes what is missing, never touches what is healthy,
// and replaces what is damaged only when asked — putting the old copy in the quarantine.

const LIB = 'example.com/lib';

describe.skipIf(!canDropPrivileges)('restore into a partly broken cache (as nobody)', () => {
  it('writes only the missing parts, leaves healthy and damaged versions alone, repairs on request', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const asNobody = true;
    expect((await snapshot(fx, [], { asNobody })).code).toBe(0);

    // missing: Upper/Case v1.1.0 entirely; incomplete: lib v1.0.0 lost its zip and .ziphash
    // (the tree is there) and nogomod v1.0.0 its .mod; damaged: lib v1.1.0's zip tampered with.
    await removeTree(treeDir(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0'));
    for (const ext of ['zip', 'ziphash', 'mod', 'info'])
      await rm(downloadFile(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0', ext));
    await rm(downloadFile(fx.gomodcache, LIB, 'v1.0.0', 'zip'));
    await rm(downloadFile(fx.gomodcache, LIB, 'v1.0.0', 'ziphash'));
    await rm(downloadFile(fx.gomodcache, 'example.com/nogomod', 'v1.0.0', 'mod'));
    await tamperZip(fx.gomodcache, LIB, 'v1.1.0', 'lib.go');
    await giveToNobody(fx.root);
    const tampered = readFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'zip'));
    const healthy = downloadFile(fx.gomodcache, 'example.com/nomod', 'v2.0.0+incompatible', 'zip');
    const healthyStat = statSync(healthy);

    const before = cacheState(fx.gomodcache);
    const preview = await restore(fx, ['--dry-run', '--mode', 'full'], { asNobody });
    expect(preview.code).toBe(1); // a damaged version is left alone
    expect(preview.result.plan.counts).toEqual({
      missing: 1,
      incomplete: 2,
      damaged: 1,
      present: 4,
    });
    const byKey = new Map(preview.result.plan.versions.map((v) => [`${v.path}@${v.version}`, v]));
    expect(byKey.get(`${LIB}@v1.0.0`)).toMatchObject({
      status: 'incomplete',
      parts: ['zip', 'ziphash'],
    });
    expect(byKey.get('example.com/nogomod@v1.0.0')).toMatchObject({ parts: ['mod'] });
    expect(byKey.get(`${LIB}@v1.1.0`)).toMatchObject({
      status: 'damaged',
      parts: [],
      needsRepair: true,
      reason: expect.stringMatching(/zip has been modified/),
    });
    expect(cacheState(fx.gomodcache)).toEqual(before); // a dry run writes nothing

    const first = await restore(fx, ['--mode', 'full'], { asNobody });
    expect(first.code).toBe(1);
    expect(first.result).toMatchObject({ restored: 3, verified: 3, failed: [], repaired: 0 });
    expect(readFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'zip')).equals(tampered)).toBe(
      true,
    );
    const after = statSync(healthy);
    expect([after.ino, after.mtimeMs]).toEqual([healthyStat.ino, healthyStat.mtimeMs]);
    const beta = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], 'beta');
    expect(beta.code, beta.stderr).toBe(0);

    const repaired = await restore(fx, ['--mode', 'full', '--repair'], { asNobody });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.result).toMatchObject({ restored: 1, verified: 1, repaired: 1, failed: [] });
    expect(repaired.result.quarantineIds).toHaveLength(1);
    const verify = await goAs(fx, asNobody, ['mod', 'verify'], 'alpha');
    expect(verify.stdout, verify.stderr).toContain('all modules verified');

    // Nothing left to do; the replaced copy can still be brought back.
    const again = await restore(fx, ['--mode', 'full'], { asNobody });
    expect(again.result).toMatchObject({ restored: 0, skipped: 8 });
    const undo = await runCli(['quarantine', 'undo', repaired.result.quarantineIds[0]!], {
      env: fx.env,
      asNobody,
    });
    expect(undo.code).toBe(1); // a conflict: the repaired copy is never overwritten
  });

  it('refuses to restore a snapshot copy that contradicts a project go.sum', async () => {
    const fx = await copyFixture();
    // The snapshot is taken of a consistently tampered version (zip and .ziphash agree).
    const h1 = await tamperZip(fx.gomodcache, LIB, 'v1.1.0', 'lib.go');
    writeFileSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'ziphash'), h1);
    expect((await snapshot(fx)).code).toBe(0);
    await removeTree(fx.gomodcache);
    const r = await restore(fx, ['--project', fx.projects.alpha]);
    expect(r.code).toBe(1);
    expect(r.result.mismatches).toEqual([
      expect.objectContaining({
        path: LIB,
        version: 'v1.1.0',
        what: 'gosum',
        actual: h1,
        project: fx.projects.alpha,
        message: expect.stringMatching(/possible tampering; not restored/),
      }),
    ]);
    expect(r.result.failed).toEqual([expect.objectContaining({ path: LIB, reason: 'mismatch' })]);
    expect(existsSync(downloadFile(fx.gomodcache, LIB, 'v1.1.0', 'zip'))).toBe(false);
    expect(r.result.restored).toBe(3);
  });
});

describe.skipIf(!canDropPrivileges)(
  'the store behind cleanup and the doctor (CLI, as nobody)',
  () => {
    it('doctor --fix restores damaged versions from the latest snapshot; clean --backup-first snapshots first', async () => {
      const fx = await copyFixture();
      await giveToNobody(fx.root);
      const asNobody = true;
      const env = { ...fx.env, GOPROXY: 'off' }; // a repair that tried to download would fail
      const snap = await snapshot(fx, [], { asNobody, env });
      truncateSync(downloadFile(fx.gomodcache, LIB, 'v1.0.0', 'zip'), 300);
      await removeTree(treeDir(fx.gomodcache, LIB, 'v1.0.0'));
      const doctor = await runCli(
        ['doctor', '--fix', '--json', '--project-root', path.join(fx.root, 'projects')],
        { env, asNobody },
      );
      const report = doctor.json<DoctorReport>();
      expect(report.fixes).toEqual([
        expect.objectContaining({
          action: 'restore-from-snapshot',
          version: 'v1.0.0',
          ok: true,
          verified: true,
          message: `restored zip from snapshot ${snap.result.id}`,
        }),
      ]);
      const build = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], 'beta');
      expect(build.code, build.stderr).toBe(0);

      const clean = await runCli(
        [
          'clean',
          'unused',
          '--yes',
          '--backup-first',
          '--json',
          '--project-root',
          path.join(fx.root, 'projects'),
        ],
        { env, asNobody },
      );
      const result = clean.json<CleanResult>();
      expect(result.backupSnapshotId).toMatch(/^[0-9a-f]{8}$/);
      expect(result.items).toHaveLength(2);
      const back = await restore(
        fx,
        [result.backupSnapshotId!, '--module', 'example.com/Upper/Case'],
        {
          asNobody,
          env,
        },
      );
      expect(back.result).toMatchObject({ restored: 1, verified: 1 });
    });
  },
);
