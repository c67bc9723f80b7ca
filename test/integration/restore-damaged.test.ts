import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import { PROBLEM_SEVERITY } from '../../shared/dto/cache';
import { runCli } from '../helpers/cli';
import { applyRound, damageRounds } from '../helpers/damage-catalog';
import { copyFixture } from '../helpers/fixture';
import { goAs, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

// Every damaged state of the catalogue, as the cache's owner would meet it: the restore plan
// classifies each damaged version (it never fails because one version cannot be read), a
// restore without --repair leaves it alone and says so, and --repair replaces it so that the
// deep verification is clean and Go builds offline.

describe.skipIf(!canDropPrivileges)('restore over a damaged cache (as nobody)', () => {
  for (const [i, round] of damageRounds().entries()) {
    const names = round.map((d) => d.damage.name).join('; ');
    it(`round ${i + 1}: ${names}`, async () => {
      const fx = await copyFixture();
      const asNobody = true;
      const env = { ...fx.env, GOPROXY: 'off' };
      await giveToNobody(fx.root);
      expect((await snapshot(fx, [], { asNobody, env })).code).toBe(0);
      await applyRound(fx, round);
      await giveToNobody(fx.root);

      const plain = await restore(fx, ['--dry-run'], { asNobody, env });
      expect(plain.stderr).not.toMatch(/Unexpected error|Internal error/);
      const quick = new Map(plain.result.plan.versions.map((v) => [`${v.path}@${v.version}`, v]));
      for (const d of round) {
        const v = quick.get(d.key)!;
        expect(v, `${d.damage.name}: ${plain.stdout}${plain.stderr}`).toBeDefined();
        // Left alone without --repair, with the reason, and the exit code says so.
        if (v.status === 'damaged') expect(v).toMatchObject({ needsRepair: true, parts: [] });
        if (v.status === 'damaged') expect(v.reason, d.damage.name).toBeTruthy();
      }
      if (plain.result.plan.counts.damaged) expect(plain.code).toBe(1);

      const repairPlan = await restore(fx, ['--dry-run', '--mode', 'full', '--repair'], {
        asNobody,
        env,
      });
      const full = new Map(
        repairPlan.result.plan.versions.map((v) => [`${v.path}@${v.version}`, v]),
      );
      for (const d of round) {
        const v = full.get(d.key)!;
        expect(v.status, `${d.damage.name}: ${v.reason}`).toBe(d.damage.plan);
        if (d.damage.plan === 'damaged') expect(v.parts, d.damage.name).toContain('zip');
      }
      // With --repair nothing would be left broken: the dry run says the restore would succeed.
      expect(repairPlan.code, repairPlan.stdout).toBe(0);

      const repaired = await restore(fx, ['--mode', 'full', '--repair'], { asNobody, env });
      expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
      expect(repaired.result.failed).toEqual([]);
      expect(repaired.result.repaired).toBe(
        round.filter((d) => d.damage.plan === 'damaged').length,
      );

      const check = await runCli(['verify', '--deep', '--json'], { env, asNobody });
      const left = check
        .json<VerifyReport>()
        .problems.filter((p) => PROBLEM_SEVERITY[p.kind] !== 'info');
      expect(left).toEqual([]);
      expect(check.code).toBe(0);
      for (const project of ['alpha', 'beta'] as const) {
        const build = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], project);
        expect(build.code, build.stderr).toBe(0);
      }
    });
  }
});
