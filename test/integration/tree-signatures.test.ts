import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import type { DoctorReport } from '../../shared/dto/doctor';
import type { GoFixture } from '../fixtures/go-fixture';
import { cachePaths, LIB_V1 } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { goAs } from '../helpers/restore';
import { removeTree } from '../helpers/temp';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';

// The default `verify` and `doctor` find a file edited inside an extracted tree — what editors
// and -modcacherw caches make common — at stat cost: a tree is hashed again only when its stat
// signature changed since it last verified; --deep still hashes every tree.

const asNobody = true;

async function verify(fx: GoFixture, env: Record<string, string>, args: string[] = []) {
  const r = await runCli(['verify', '--json', ...args], { env, asNobody });
  return { code: r.code, report: r.json<VerifyReport>() };
}

/**
 * Edits a file of the tree as its owner would, keeping its size and putting its modification
 * time back (`touch -r`): in place after a chmod (read-only trees), or the way editors save
 * into a writable folder — a new file renamed over the old one (-modcacherw leaves the folders
 * writable, not the files).
 */
async function editKeepingSizeAndMtime(fx: GoFixture, file: string, how: 'chmod' | 'rename') {
  const before = await readFile(file, 'utf8');
  const edit = 'sed \'s/Version is/Version IS/\' "$0.orig"';
  const script = [
    ...(how === 'chmod' ? ['chmod u+w "$(dirname "$0")" "$0"'] : []),
    'cp -p "$0" "$0.orig"',
    ...(how === 'chmod' ? [`${edit} > "$0"`] : [`${edit} > "$0.new"`, 'mv -f "$0.new" "$0"']),
    'touch -r "$0.orig" "$0"',
    'rm -f "$0.orig"',
  ].join(' && ');
  const r = await runAsNobody('sh', ['-c', script, file], fx.env);
  expect(r.code, r.stderr).toBe(0);
  const after = await readFile(file, 'utf8');
  expect(after).not.toBe(before);
  expect(after.length).toBe(before.length);
}

async function expectFoundAndRepaired(fx: GoFixture, env: Record<string, string>, file: string) {
  const recorded = await verify(fx, env);
  expect(recorded.code).toBe(0);
  const mtime = (await stat(file)).mtimeMs;
  return {
    async afterEdit() {
      expect((await stat(file)).mtimeMs).toBe(mtime);
      const found = await verify(fx, env);
      expect(found.code).toBe(1);
      expect(found.report.problems.map((p) => [p.kind, p.path, p.version])).toEqual([
        ['tree-mismatch', LIB_V1.path, LIB_V1.version],
      ]);
      // Only the edited tree was read again; the others cost a stat each.
      expect(found.report.trees).toEqual({ hashed: 1, unchanged: recorded.report.checked - 1 });

      const doctor = await runCli(['doctor', '--json'], { env, asNobody });
      const finding = doctor
        .json<DoctorReport>()
        .findings.find((f) => f.id === `tree-mismatch:${LIB_V1.path}@${LIB_V1.version}`);
      expect(finding).toMatchObject({ severity: 'error', action: 'reextract-tree' });
      const fix = await runCli(['doctor', '--fix', '--json'], { env, asNobody });
      expect(fix.json<DoctorReport>().fixes).toEqual([
        expect.objectContaining({ action: 'reextract-tree', ok: true, verified: true }),
      ]);
      expect(await readFile(file, 'utf8')).toMatch(/Version is/);
      const again = await verify(fx, env);
      expect(again.code).toBe(0);
      expect(again.report.trees!.hashed).toBe(0);
      // --deep still hashes every tree.
      const deep = await verify(fx, env, ['--deep']);
      expect(deep.report.trees!.hashed).toBe(recorded.report.checked);
    },
  };
}

describe.skipIf(!canDropPrivileges)(
  'an edited tree, found by the default checks (as nobody)',
  () => {
    it('in a normal cache (read-only trees: the owner chmods, then edits)', async () => {
      const fx = await copyFixture();
      await giveToNobody(fx.root);
      const file = path.join(cachePaths(fx, LIB_V1).tree, 'lib.go');
      const run = await expectFoundAndRepaired(fx, fx.env, file);
      await editKeepingSizeAndMtime(fx, file, 'chmod');
      await run.afterEdit();
    });

    it('in a -modcacherw cache (writable folders: saved over by an editor)', async () => {
      const fx = await copyFixture();
      const env = { ...fx.env, GOFLAGS: '-mod=mod -modcacherw' };
      // Go extracts the tree again, writable, as it does for a -modcacherw user.
      await removeTree(cachePaths(fx, LIB_V1).tree);
      await giveToNobody(fx.root);
      const build = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], 'beta', env);
      expect(build.code, build.stderr).toBe(0);
      const file = path.join(cachePaths(fx, LIB_V1).tree, 'lib.go');
      expect((await stat(path.dirname(file))).mode & 0o200).toBe(0o200);
      const run = await expectFoundAndRepaired(fx, env, file);
      await editKeepingSizeAndMtime(fx, file, 'rename');
      await run.afterEdit();
    });
  },
);
