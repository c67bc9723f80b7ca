import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import { downloadFile } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import { removeTree } from '../helpers/temp';

// One rule for every command (docs/troubleshooting.md): 0 — done, nothing needs you (a module
// cache or store that was never created is such a state for the commands that only look);
// 1 — problems found (damage, a cache deleted since its backup, something left undone);
// 2 — could not run as asked (usage, or what it must act on is not there or not usable).

type State = 'fresh' | 'deleted' | 'healthy' | 'damaged';

/** The fixture's environment without GOSUMDB=off (a warning of its own for the doctor). */
function envOf(fx: GoFixture): Record<string, string> {
  const { GOSUMDB: _off, ...env } = fx.env;
  return { ...env, GOPROXY: 'off' };
}

async function machine(state: State): Promise<Record<string, string>> {
  const fx = await copyFixture();
  const env = envOf(fx);
  if (state === 'fresh')
    return {
      ...env,
      GOMODCACHE: path.join(fx.root, 'new-user', 'go', 'pkg', 'mod'),
      MODVAULT_STORE: path.join(fx.root, 'new-user', 'store'),
    };
  expect((await snapshot(fx, [], { env })).code).toBe(0);
  if (state === 'deleted') await removeTree(fx.gomodcache);
  if (state === 'damaged')
    await truncate(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 300);
  return env;
}

const EXPECTED: Record<State, [string, number][]> = {
  fresh: [
    ['scan', 0],
    ['verify', 0],
    ['doctor', 0],
    ['check', 0],
    ['snapshots', 0],
    ['quarantine list', 0],
    ['snapshot', 2],
    ['restore --dry-run', 2],
  ],
  deleted: [
    ['scan', 1],
    ['verify', 1],
    ['doctor', 1],
    ['check', 0],
    ['snapshot', 2],
    ['restore --dry-run', 0],
  ],
  healthy: [
    ['scan', 0],
    ['verify', 0],
    ['doctor', 0],
    ['check', 0],
    ['restore --dry-run', 0],
  ],
  damaged: [
    ['scan', 1],
    ['verify', 1],
    ['doctor', 1],
    ['check', 0],
    ['restore --dry-run', 1],
  ],
};

describe('exit codes follow one rule', () => {
  for (const state of Object.keys(EXPECTED) as State[]) {
    it(`a ${state} machine`, async () => {
      const env = await machine(state);
      for (const [command, code] of EXPECTED[state]) {
        for (const json of [[], ['--json']]) {
          const r = await runCli([...command.split(' '), ...json], { env });
          expect(r.code, `${command} ${json.join('')}: ${r.stdout}${r.stderr}`).toBe(code);
          expect(r.stderr).not.toMatch(/Unexpected error/);
        }
      }
    });
  }

  it('a fresh machine is calm: no warning, what to do next', async () => {
    const env = await machine('fresh');
    const doctor = await runCli(['doctor'], { env });
    expect(doctor.stdout).toMatch(/No module cache yet: Go creates .* when it first downloads/);
    expect(doctor.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    const verify = await runCli(['verify'], { env });
    expect(verify.stdout).toMatch(/No module cache yet/);
    expect(verify.stdout).toContain('`modvault demo`');
  });

  it('a deleted cache names the snapshot that brings it back', async () => {
    const env = await machine('deleted');
    for (const command of ['scan', 'verify', 'doctor']) {
      const r = await runCli([command], { env });
      expect(r.stdout, command).toMatch(/deleted/);
      expect(r.stdout, command).toMatch(/`modvault restore [0-9a-f]{8}`/);
    }
  });

  it('wrong usage is 2 for every command', async () => {
    const help = await runCli(['help'], { env: process.env as Record<string, string> });
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(commands).toContain('verify');
    for (const command of commands) {
      const r = await runCli([command, '--no-such-option'], {
        env: process.env as Record<string, string>,
      });
      expect(r.code, command).toBe(2);
    }
    expect((await runCli(['no-such-command'], { env: {} })).code).toBe(2);
  });
});
