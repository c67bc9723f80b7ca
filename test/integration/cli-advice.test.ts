import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../shared/dto/doctor';
import type { GoFixture } from '../fixtures/go-fixture';
import { CLI, runCli } from '../helpers/cli';
import type { Damaged } from '../helpers/damage-catalog';
import { applyRound, damageRounds } from '../helpers/damage-catalog';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';

// Advice that works: every `modvault …` command a check prints about a damaged cache, run as
// printed, repairs what that check found — the same check run again finds nothing to do.

/** The commands the user would run to look at a damaged cache, and how "nothing left" looks. */
const CHECKS: { args: string[]; clean(fx: GoFixture): Promise<string | null> }[] = [
  { args: ['scan'], clean: async (fx) => exitOk(fx, ['scan']) },
  { args: ['verify'], clean: async (fx) => exitOk(fx, ['verify']) },
  { args: ['verify', '--deep'], clean: async (fx) => exitOk(fx, ['verify', '--deep']) },
  { args: ['doctor'], clean: async (fx) => cacheFindings(fx, []) },
  { args: ['doctor', '--deep'], clean: async (fx) => cacheFindings(fx, ['--deep']) },
  { args: ['restore', '--dry-run'], clean: async (fx) => exitOk(fx, ['restore', '--dry-run']) },
];

const env = (fx: GoFixture) => ({ ...fx.env, GOPROXY: 'off' });

async function exitOk(fx: GoFixture, args: string[]): Promise<string | null> {
  const r = await runCli(args, { env: env(fx), asNobody: true });
  return r.code === 0 ? null : `exit ${r.code}:\n${r.stdout}${r.stderr}`;
}

/** Cache findings the doctor still reports (the fixture's GOSUMDB=off is an environment one). */
async function cacheFindings(fx: GoFixture, args: string[]): Promise<string | null> {
  const r = await runCli(['doctor', '--json', ...args], { env: env(fx), asNobody: true });
  const left = r
    .json<DoctorReport>()
    .findings.filter((f) => f.area !== 'environment' && f.severity !== 'info');
  return left.length ? left.map((f) => f.message).join('\n') : null;
}

/** Every command in backquotes that starts with `modvault`. */
const hintsIn = (text: string) => [...text.matchAll(/`(modvault [^`]+)`/g)].map((m) => m[1]!);

/** A hint run by the shell exactly as printed, `modvault` being the CLI under test. */
function runHint(fx: GoFixture, hint: string) {
  const sh = `modvault() { "${process.execPath}" "${CLI}" "$@"; }; ${hint}`;
  return runAsNobody('sh', ['-c', sh], env(fx), fx.root);
}

async function damagedCache(round: Damaged[]): Promise<GoFixture> {
  const fx = await copyFixture();
  await giveToNobody(fx.root);
  const roots = await runCli(
    ['clean', 'settings', '--project-root', path.join(fx.root, 'projects')],
    { env: env(fx), asNobody: true },
  );
  expect(roots.code, roots.stderr).toBe(0);
  expect((await snapshot(fx, [], { asNobody: true, env: env(fx) })).code).toBe(0);
  await applyRound(fx, round);
  await giveToNobody(fx.root);
  return fx;
}

describe.skipIf(!canDropPrivileges)('the hints of every check, run as printed (as nobody)', () => {
  for (const [i, round] of damageRounds().entries()) {
    for (const check of CHECKS) {
      it(`round ${i + 1}, modvault ${check.args.join(' ')}`, async () => {
        const fx = await damagedCache(round);
        const first = await runCli(check.args, { env: env(fx), asNobody: true });
        const output = first.stdout + first.stderr;
        expect(output).not.toMatch(/Unexpected error|Internal error/);
        const hints = [...new Set(hintsIn(output))];
        // Whatever a check finds comes with what to do about it.
        if (first.code === 1 && (await check.clean(fx)) !== null)
          expect(hints, output).not.toEqual([]);
        for (const hint of hints) {
          const r = await runHint(fx, hint);
          expect(r.code === 0 || r.code === 1, `${hint}: ${r.stdout}${r.stderr}`).toBe(true);
          expect(r.stderr).not.toMatch(/Unexpected error|Internal error|Usage:/);
        }
        expect(await check.clean(fx), `after ${hints.join(', ')}:\n${output}`).toBeNull();
      });
    }
  }
});
