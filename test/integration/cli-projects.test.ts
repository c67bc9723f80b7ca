import { chmod, chown, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectScanReport } from '../../shared/dto/projects';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

describe('modvault projects', () => {
  it('finds the projects and leaves the module cache (full of go.mod files) alone', async () => {
    const fx = await copyFixture();
    const res = await runCli(['projects', fx.root, '--json', '--max-depth', '12'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<ProjectScanReport>();
    expect(report.projects.map((p) => p.module)).toEqual([
      'example.com/downloadonly',
      'example.com/alpha',
      'example.com/beta',
    ]);
    const alpha = report.projects.find((p) => p.module === 'example.com/alpha')!;
    expect(alpha).toMatchObject({ goVersion: '1.18', hasGoSum: true, sumCount: 4 });
    expect(alpha.requires.map((r) => r.path)).toContain('example.com/Upper/Case');
  });

  it('survives a symlink loop', async () => {
    const fx = await copyFixture();
    await symlink(path.join(fx.root, 'projects'), path.join(fx.projects.alpha, 'loop'));
    const res = await runCli(
      ['projects', path.join(fx.root, 'projects'), '--json', '--max-depth', '30'],
      {
        env: fx.env,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<ProjectScanReport>().projects.map((p) => p.module)).toEqual([
      'example.com/alpha',
      'example.com/beta',
    ]);
  });
});

describe.skipIf(!canDropPrivileges)('modvault projects as the unprivileged user "nobody"', () => {
  it('lists folders it cannot read in `skipped` (run as nobody) and still succeeds', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const secret = path.join(fx.root, 'projects', 'secret');
    await mkdir(path.join(secret, 'inner'), { recursive: true });
    await writeFile(path.join(secret, 'inner', 'go.mod'), 'module example.com/secret\n');
    await chown(secret, 0, 0);
    await chmod(secret, 0o700);
    const res = await runCli(['projects', path.join(fx.root, 'projects'), '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<ProjectScanReport>();
    expect(report.skipped).toEqual([{ path: secret, reason: 'permission denied' }]);
    expect(report.projects.map((p) => p.module)).toEqual(['example.com/alpha', 'example.com/beta']);
    const human = await runCli(['projects', path.join(fx.root, 'projects')], {
      env: fx.env,
      asNobody: true,
    });
    expect(human.stderr).toContain(`skipped ${secret}: permission denied`);
  });

  it('reports an unreadable go.sum as a warning of its project (as nobody)', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    await chmod(path.join(fx.projects.alpha, 'go.sum'), 0o000);
    const res = await runCli(['projects', path.join(fx.root, 'projects'), '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(res.code, res.stderr).toBe(0);
    const alpha = res
      .json<ProjectScanReport>()
      .projects.find((p) => p.module === 'example.com/alpha')!;
    expect(alpha.warnings.join('\n')).toMatch(/go\.sum unreadable.*permission denied/i);
  });
});
