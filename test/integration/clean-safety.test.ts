import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CleanResult } from '../../shared/dto/clean';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { removeTree } from '../helpers/temp';

const dryUnused = (projects: string) => [
  'clean',
  'unused',
  '--project-root',
  projects,
  '--dry-run',
];

describe('clean refuses to act outside the resolved cache roots', () => {
  it('refuses a module cache at /, at the home folder, or behind a symlinked root', async () => {
    const fx = await copyFixture();
    const projects = path.join(fx.root, 'projects');
    for (const [gomodcache, pattern] of [
      ['/', /root of a file system/],
      [fx.env.HOME!, /your home folder/],
      [path.dirname(fx.env.HOME!), /parent of your home folder/],
    ] as const) {
      const res = await runCli(['clean', 'all', '--only', 'modcache', '--dry-run'], {
        env: { ...fx.env, GOMODCACHE: gomodcache },
      });
      expect(res.code, `${gomodcache}: ${res.stdout}`).toBe(2);
      expect(res.stderr).toMatch(pattern);
    }
    const link = path.join(fx.root, 'linked-mod');
    symlinkSync(fx.gomodcache, link);
    const viaLink = await runCli(dryUnused(projects), { env: { ...fx.env, GOMODCACHE: link } });
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/is a symlink to/);
  });

  it('refuses a quarantine folder on another volume or inside a cache, and explains why', async () => {
    const fx = await copyFixture();
    const projects = path.join(fx.root, 'projects');
    // /dev/shm is a tmpfs: another device than the fixture under /tmp.
    const other = path.join('/dev/shm', `modvault-q-${path.basename(fx.root)}`);
    await mkdir(other, { recursive: true });
    onTestFinished(() => removeTree(other));
    await runCli(['clean', 'settings', '--quarantine-dir', other], { env: fx.env });
    const res = await runCli(['clean', 'unused', '--project-root', projects], { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/on another volume/);
    expect(res.stderr).toMatch(/fix: .*same volume/);
    expect(existsSync(path.join(fx.gomodcache, 'example.com', 'lib@v1.2.0-!r!c.1'))).toBe(true);

    await runCli(['clean', 'settings', '--quarantine-dir', path.join(fx.gomodcache, 'q')], {
      env: fx.env,
    });
    const inside = await runCli(['clean', 'unused', '--project-root', projects], { env: fx.env });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/is inside the cache/);
  });

  it('refuses to undo into a path outside the cache a quarantine manifest names', async () => {
    const fx = await copyFixture();
    const res = await runCli(
      ['clean', 'unused', '--project-root', path.join(fx.root, 'projects'), '--json'],
      { env: fx.env },
    );
    const { quarantineId } = res.json<CleanResult>();
    const part = path.join(path.dirname(fx.gomodcache), '.modvault-quarantine', quarantineId!);
    const journal = path.join(part, 'items.jsonl');
    const outside = path.join(fx.root, 'outside');
    writeFileSync(journal, readFileSync(journal, 'utf8').replaceAll(fx.gomodcache, outside));
    const undo = await runCli(['quarantine', 'undo', quarantineId!], { env: fx.env });
    expect(undo.code).toBe(2);
    expect(undo.stderr).toMatch(/Refusing to touch/);
    expect(existsSync(outside)).toBe(false);
  });

  it('refuses whole-cache cleaning while a go process uses the cache, naming it', async () => {
    const fx = await copyFixture();
    const bin = path.join(fx.root, 'fakebin');
    await mkdir(bin);
    // A process named "go" whose environment points at this module cache.
    copyFileSync('/bin/sleep', path.join(bin, 'go'));
    const child = spawn(path.join(bin, 'go'), ['30'], {
      env: { GOMODCACHE: fx.gomodcache, HOME: fx.env.HOME },
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 200));
    const res = await runCli(['clean', 'all', '--only', 'modcache'], { env: fx.env });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`go \\(pid ${child.pid}\\)`));
    expect(existsSync(fx.gomodcache)).toBe(true);
    const plan = await runCli(['clean', 'all', '--only', 'modcache', '--dry-run', '--json'], {
      env: fx.env,
    });
    expect(plan.json<{ blockers: { pid: number }[] }>().blockers.map((b) => b.pid)).toContain(
      child.pid,
    );

    // A go process using another cache is none of our business.
    child.kill('SIGKILL');
    const other = spawn(path.join(bin, 'go'), ['30'], {
      env: { GOMODCACHE: '/elsewhere', HOME: fx.env.HOME },
    });
    onTestFinished(() => void other.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 200));
    const ok = await runCli(['clean', 'all', '--only', 'modcache', '--json'], { env: fx.env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(fx.gomodcache)).toBe(false);
  });
});
