import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import { PROBLEM_SEVERITY } from '../../shared/dto/cache';
import { runCli } from '../helpers/cli';
import { DAMAGES } from '../helpers/damage-catalog';
import { copyFixture } from '../helpers/fixture';
import { goAs, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

// Every damaged state of the catalogue, as the cache's owner would meet it: the restore plan
// classifies the damaged version (it never fails because one version cannot be read), a restore
// without --repair leaves it alone and says so, and --repair replaces it so that the deep
// verification is clean and Go builds offline.

describe.skipIf(!canDropPrivileges)('restore over a damaged cache (as nobody)', () => {
  for (const damage of DAMAGES) {
    it(`${damage.name}: planned as ${damage.plan}, repaired with --repair`, async () => {
      const fx = await copyFixture();
      const asNobody = true;
      const env = { ...fx.env, GOPROXY: 'off' };
      await giveToNobody(fx.root);
      expect((await snapshot(fx, [], { asNobody, env })).code).toBe(0);
      await damage.apply(fx);
      await giveToNobody(fx.root);
      const key = `${damage.version.path}@${damage.version.version}`;

      const plain = await restore(fx, ['--dry-run'], { asNobody, env });
      expect(plain.stderr).not.toMatch(/Unexpected error|Internal error/);
      const v = plain.result.plan.versions.find((x) => `${x.path}@${x.version}` === key)!;
      expect(v, plain.stdout + plain.stderr).toBeDefined();
      if (v.status === 'damaged') {
        // Left alone without --repair, and the exit code says so.
        expect(v).toMatchObject({ needsRepair: true, parts: [] });
        expect(v.reason).toBeTruthy();
        expect(plain.code).toBe(1);
      }
      const repairPlan = await restore(fx, ['--dry-run', '--mode', 'full', '--repair'], {
        asNobody,
        env,
      });
      const planned = repairPlan.result.plan.versions.find(
        (x) => `${x.path}@${x.version}` === key,
      )!;
      expect(planned.status, planned.reason ?? '').toBe(damage.plan);
      if (damage.plan === 'damaged') expect(planned.parts).toContain('zip');
      // With --repair nothing would be left broken: the dry run says the restore would succeed.
      expect(repairPlan.code, repairPlan.stdout).toBe(0);

      const repaired = await restore(fx, ['--mode', 'full', '--repair'], { asNobody, env });
      expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
      expect(repaired.result.failed).toEqual([]);
      if (damage.plan === 'damaged') expect(repaired.result.repaired).toBe(1);

      const check = await runCli(['verify', '--deep', '--json'], { env, asNobody });
      const left = check
        .json<VerifyReport>()
        .problems.filter((p) => PROBLEM_SEVERITY[p.kind] !== 'info');
      expect(left).toEqual([]);
      expect(check.code).toBe(0);
      const build = await goAs(fx, asNobody, ['build', '-o', '/dev/null', './...'], 'beta');
      expect(build.code, build.stderr).toBe(0);
    });
  }
});
