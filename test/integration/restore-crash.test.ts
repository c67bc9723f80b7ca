import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import type { GoFixture } from '../fixtures/go-fixture';
import { scan } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { go } from '../helpers/go';
import { restore } from '../helpers/restore';
import { growCache, snapshot } from '../helpers/store';
import { removeTree } from '../helpers/temp';

// "A restore interrupted by kill -9 leaves nothing that Go would take for a complete version,
// and running it again finishes the job": SIGKILL at each step of the writer (MODVAULT_FAULT,
// see electron/engine/store/fault-points.ts) and at a timed moment, on the real CLI process.

/** Problems that would mean Go trusts something broken (a half-written zip or tree). */
const TRUSTED_BUT_BROKEN = new Set([
  'zip-mismatch',
  'tree-mismatch',
  'zip-unreadable',
  'zip-invalid',
  'ziphash-invalid',
  'mod-unreadable',
  'info-invalid',
]);

async function nothingHalfDone(fx: GoFixture): Promise<void> {
  const res = await runCli(['verify', '--deep', '--json'], { env: fx.env });
  const report = res.json<VerifyReport>();
  expect(report.problems.filter((p) => TRUSTED_BUT_BROKEN.has(p.kind))).toEqual([]);
  // Go itself: a build may need what is not there yet, but never meets a broken module.
  for (const project of ['alpha', 'beta'] as const) {
    const build = await go(['build', '-o', '/dev/null', './...'], {
      cwd: fx.projects[project],
      env: { ...fx.env, GOPROXY: 'off' },
    });
    expect(build.stderr).not.toMatch(
      /checksum mismatch|SECURITY ERROR|not a valid zip|has been modified|unexpected EOF/,
    );
  }
}

async function finishes(fx: GoFixture, versions: number): Promise<void> {
  const again = await restore(fx, ['--mode', 'full']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.result.failed).toEqual([]);
  expect(again.result.restored).toBeGreaterThan(0);
  expect(again.result.plan.counts.damaged).toBe(0);
  const report = (
    await runCli(['verify', '--deep', '--json'], { env: fx.env })
  ).json<VerifyReport>();
  expect(report.checked).toBe(versions);
  expect(report.problems).toEqual([]);
  expect((await scan(fx)).report!.leftovers).toEqual([]);
  for (const project of ['alpha', 'beta'] as const) {
    const env = { ...fx.env, GOPROXY: 'off' };
    const build = await go(['build', '-o', '/dev/null', './...'], {
      cwd: fx.projects[project],
      env,
    });
    expect(build.code, build.stderr).toBe(0);
    const verify = await go(['mod', 'verify'], { cwd: fx.projects[project], env });
    expect(verify.stdout).toContain('all modules verified');
  }
}

describe('crash safety of restores', () => {
  it.each(['restore-zip-renamed:3', 'restore-tree-written:2', 'restore-tree-renamed:1'])(
    'SIGKILL at %s leaves nothing Go would take for complete; running again finishes',
    async (point) => {
      const fx = await copyFixture();
      await growCache(fx, 6);
      const snap = await snapshot(fx);
      await removeTree(fx.gomodcache);
      const killed = await runCli(['restore', '--mode', 'full'], {
        env: { ...fx.env, MODVAULT_FAULT: point },
      });
      expect(killed.code, killed.stderr).toBeNull();
      await nothingHalfDone(fx);
      await finishes(fx, snap.result.versions);
    },
  );

  it('SIGKILL at a random moment of a larger restore, then again', async () => {
    const fx = await copyFixture();
    await growCache(fx, 24);
    const snap = await snapshot(fx);
    // How long a whole restore takes here, to kill the real one halfway through.
    const started = Date.now();
    const timing = await restore(fx, [
      '--mode',
      'full',
      '--target-gomodcache',
      `${fx.root}/timing`,
    ]);
    expect(timing.code).toBe(0);
    const halfway = Math.round((Date.now() - started) * 0.6);
    await removeTree(fx.gomodcache);
    const killed = await runCli(['restore', '--mode', 'full'], {
      env: fx.env,
      killAfterMs: halfway,
    });
    expect(killed.code, `finished within ${halfway} ms`).toBeNull();
    await nothingHalfDone(fx);
    await finishes(fx, snap.result.versions);
  });
});
