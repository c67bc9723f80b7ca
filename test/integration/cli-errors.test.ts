import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport, VerifyReport } from '../../shared/dto/cache';
import { cachePaths, LIB_V1 } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

describe('usage errors (exit code 2)', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [
      ['scan', '--frobnicate'],
      /modvault scan: unknown option --frobnicate[\s\S]*Usage: modvault scan/,
    ],
    [['verify', '--project'], /--project needs a DIR[\s\S]*Usage: modvault verify/],
    [['verify', '--project', '--deep'], /--project needs a DIR/],
    [['projects'], /give at least one folder[\s\S]*Usage: modvault projects/],
    [['projects', '.', '--max-depth', 'many'], /--max-depth needs a positive whole number/],
    [['help', 'frobnicate'], /Usage: modvault <command>/],
    [[], /Usage: modvault <command>/],
  ])('%j', async (args, message) => {
    const fx = await copyFixture();
    const res = await runCli(args, { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stdout + res.stderr).toMatch(message);
  });

  it('help and --version succeed', async () => {
    const fx = await copyFixture();
    expect((await runCli(['help'], { env: fx.env })).code).toBe(0);
    expect((await runCli(['help', 'verify'], { env: fx.env })).stdout).toMatch(/--deep/);
    expect((await runCli(['scan', '--help'], { env: fx.env })).code).toBe(0);
    expect((await runCli(['--version'], { env: fx.env })).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an out-of-range value the engine refuses is a usage error too', async () => {
    const fx = await copyFixture();
    const res = await runCli(['projects', fx.root, '--max-depth', '100', '--json'], {
      env: fx.env,
    });
    expect(res.code).toBe(2);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('INVALID_INPUT');
  });
});

describe('bad paths (exit code 2, a message naming the path and the fix)', () => {
  it('--gomodcache pointing at a file', async () => {
    const fx = await copyFixture();
    const file = path.join(fx.projects.beta, 'go.mod');
    for (const cmd of ['scan', 'verify']) {
      const res = await runCli([cmd, '--gomodcache', file], { env: fx.env });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`The module cache ${file} is a file, not a folder.`);
      expect(res.stderr).toMatch(/fix: +Point GOMODCACHE \(or --gomodcache\)/);
      const json = await runCli([cmd, '--json', '--gomodcache', file], { env: fx.env });
      expect(json.json<{ error: unknown }>().error).toMatchObject({
        code: 'PATH_INVALID',
        path: file,
      });
    }
  });

  it('--gomodcache pointing at a missing folder never backed up: scan and verify say so calmly', async () => {
    const fx = await copyFixture();
    const missing = path.join(fx.root, 'nothing', 'here');
    const s = await runCli(['scan', '--json', '--gomodcache', missing], { env: fx.env });
    expect(s.json<ScanReport>().exists).toBe(false);
    const v = await runCli(['verify', '--gomodcache', missing], { env: fx.env });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`No module cache yet: Go creates ${missing}`);
  });

  it('--gomodcache whose parent is a file', async () => {
    const fx = await copyFixture();
    const bad = path.join(fx.projects.beta, 'go.mod', 'mod');
    const res = await runCli(['scan', '--gomodcache', bad], { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(bad);
  });

  it('a project root that does not exist', async () => {
    const fx = await copyFixture();
    const missing = path.join(fx.root, 'missing');
    const res = await runCli(['projects', missing], { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`The project root ${missing} is not a folder.`);
  });
});

describe.skipIf(!canDropPrivileges)('permissions, as the unprivileged user "nobody"', () => {
  it('an unreadable module cache folder stops scan and verify with a clear message', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const download = path.join(fx.gomodcache, 'cache', 'download');
    await chown(download, 0, 0);
    await chmod(download, 0o700);
    for (const cmd of ['scan', 'verify']) {
      const res = await runCli([cmd], { env: fx.env, asNobody: true });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`Permission denied: the module cache folder ${download}.`);
      expect(res.stderr).toMatch(/fix: +Make it readable/);
    }
  });

  it('an unreadable zip is reported for its version; the rest is still checked', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    await chmod(cachePaths(fx, LIB_V1).file('zip'), 0o000);
    const s = await runCli(['scan', '--json'], { env: fx.env, asNobody: true });
    expect(s.code, s.stderr).toBe(1);
    const lib = s
      .json<ScanReport>()
      .modules.find((m) => m.path === LIB_V1.path && m.version === LIB_V1.version)!;
    expect(lib.state).toBe('corrupt');
    expect(lib.reason).toMatch(/unreadable zip.*permission denied/i);
    const v = await runCli(['verify', '--json', '--deep', '--project', fx.projects.beta], {
      env: fx.env,
      asNobody: true,
    });
    expect(v.code, v.stderr).toBe(1);
    const report = v.json<VerifyReport>();
    expect(report.checked).toBe(8);
    expect(report.problems.map((p) => `${p.path}@${p.version} ${p.kind}`)).toEqual([
      'example.com/lib@v1.0.0 zip-unreadable',
    ]);
  });

  it('an unreadable .ziphash, .info or .mod is named as unreadable, not as garbage', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const { file } = cachePaths(fx, LIB_V1);
    for (const ext of ['ziphash', 'info', 'mod'] as const) await chmod(file(ext), 0o000);
    const s = await runCli(['scan', '--json'], { env: fx.env, asNobody: true });
    const lib = s
      .json<ScanReport>()
      .modules.find((m) => m.path === LIB_V1.path && m.version === LIB_V1.version)!;
    expect(lib.state).toBe('corrupt');
    expect(lib.reason).toMatch(/\.ziphash.*permission denied/i);
    expect(lib.reason).toMatch(/\.info.*permission denied/i);
    const v = await runCli(['verify', '--json', '--project', fx.projects.beta], {
      env: fx.env,
      asNobody: true,
    });
    expect(v.code, v.stderr).toBe(1);
    const kinds = v.json<VerifyReport>().problems.map((p) => p.kind);
    expect(kinds).toContain('ziphash-invalid');
    expect(kinds).toContain('info-invalid');
    expect(kinds).toContain('mod-unreadable');
  });

  it('an unreadable extracted tree is reported with --deep (scan never walks trees)', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const deep = path.join(cachePaths(fx, LIB_V1).tree, 'internal');
    await chmod(deep, 0o000);
    const s = await runCli(['scan', '--json'], { env: fx.env, asNobody: true });
    expect(s.code, s.stderr).toBe(0);
    const v = await runCli(['verify', '--json', '--deep'], { env: fx.env, asNobody: true });
    expect(v.code, v.stderr).toBe(1);
    const problem = v.json<VerifyReport>().problems.find((p) => p.kind === 'tree-unreadable')!;
    expect(problem).toMatchObject({ path: LIB_V1.path, version: LIB_V1.version });
    expect(problem.detail).toMatch(/permission denied/i);
  });

  it('an unwritable home does not matter for read-only commands', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const home = path.join(fx.root, 'root-home');
    await mkdir(home);
    await writeFile(path.join(home, 'marker'), '');
    await chmod(home, 0o700);
    const res = await runCli(['scan', '--json'], {
      env: { ...fx.env, HOME: home },
      asNobody: true,
    });
    expect(res.code, res.stderr).toBe(0);
  });
});
