import { readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { FixtureModule } from '../fixtures/fixture-modules';
import { writeProxy } from '../fixtures/go-fixture';
import { cachePaths, scan } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { go } from '../helpers/go';

function treeSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    n += e.isDirectory() ? treeSize(full) : statSync(full).size;
  }
  return n;
}

const ALL = [
  'example.com/Upper/Case@v1.0.0',
  'example.com/Upper/Case@v1.1.0',
  'example.com/lib@v1.0.0',
  'example.com/lib@v1.1.0',
  'example.com/lib@v1.2.0-RC.1',
  'example.com/nogomod@v1.0.0',
  'example.com/nomod@v2.0.0+incompatible',
  'example.com/pseudo@v0.0.0-20240101120000-abcdef123456',
];

describe('modvault scan', () => {
  it('lists every version the go command downloaded, unescaped, sorted', async () => {
    const fx = await copyFixture();
    const res = await runCli(['scan', '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<ScanReport>();
    expect(report.gomodcache).toBe(fx.gomodcache);
    expect(report.exists).toBe(true);
    expect(report.modules.map((m) => `${m.path}@${m.version}`)).toEqual(ALL);
    expect(report.leftovers).toEqual([]);
  });

  it('prints the fields issue 2 names, with their types', async () => {
    const fx = await copyFixture();
    const report = (await scan(fx)).report!;
    expect(typeof report.gomodcache).toBe('string');
    for (const m of report.modules) {
      expect(m).toEqual(
        expect.objectContaining({
          path: expect.any(String),
          version: expect.any(String),
          state: expect.stringMatching(/^(ok|zip-only|mod-only|tree-only|partial|corrupt)$/),
          zip: expect.any(Boolean),
          extracted: expect.any(Boolean),
          zipBytes: expect.any(Number),
          treeBytes: expect.any(Number),
        }),
      );
      expect(m.ziphash === null || /^h1:[A-Za-z0-9+/]{43}=$/.test(m.ziphash)).toBe(true);
    }
    expect(report.totals).toEqual(
      expect.objectContaining({
        versions: expect.any(Number),
        zipBytes: expect.any(Number),
        treeBytes: expect.any(Number),
      }),
    );
  });

  it('takes sizes from the zips and stat, and they match the disk', async () => {
    const fx = await copyFixture();
    const report = (await scan(fx)).report!;
    let zips = 0;
    let trees = 0;
    for (const m of report.modules) {
      const p = cachePaths(fx, m);
      expect(m.zipBytes).toBe(statSync(p.file('zip')).size);
      expect(m.treeBytes, `${m.path}@${m.version}`).toBe(treeSize(p.tree));
      zips += m.zipBytes;
      trees += m.treeBytes;
    }
    expect(report.totals).toMatchObject({
      versions: 8,
      modules: 5,
      zipBytes: zips,
      treeBytes: trees,
    });
    expect(report.totals.byState.ok).toBe(8);
  });

  it('flags golang.org/toolchain versions', async () => {
    const fx = await copyFixture();
    const toolchain: FixtureModule = {
      path: 'golang.org/toolchain',
      version: 'v0.0.1-go1.21.0.linux-amd64',
      time: '2023-08-08T00:00:00Z',
      files: { 'bin/go': '#!/bin/sh\necho fake toolchain\n', VERSION: 'go1.21.0\n' },
    };
    const proxy = path.join(fx.root, 'toolchain-proxy');
    await writeProxy(proxy, [toolchain]);
    const dl = await go(['mod', 'download', `${toolchain.path}@${toolchain.version}`], {
      cwd: path.join(fx.root, 'download-only'),
      env: { ...fx.env, GOPROXY: `file://${proxy}` },
    });
    expect(dl.code, dl.stderr).toBe(0);
    const report = (await scan(fx)).report!;
    const flagged = report.modules.filter((m) => m.toolchain).map((m) => `${m.path}@${m.version}`);
    expect(flagged).toEqual(['golang.org/toolchain@v0.0.1-go1.21.0.linux-amd64']);
  });

  it('says in plain words what it found, leftovers included', async () => {
    const fx = await copyFixture();
    await writeFile(
      path.join(cachePaths(fx, { path: 'example.com/lib', version: 'v1.0.0' }).atV, 'x.tmp'),
      'x',
    );
    const res = await runCli(['scan'], { env: fx.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`Module cache ${fx.gomodcache}`);
    expect(res.stdout).toMatch(/8 versions of 5 modules/);
    expect(res.stdout).toMatch(/example\.com\/Upper\/Case\s+v1\.1\.0\s+ok/);
    expect(res.stdout).toMatch(/1 leftover\(s\) from interrupted go commands/);
    expect(res.stderr).toBe('');
  });

  it('reports a module cache that does not exist as such, exit code 0', async () => {
    const fx = await copyFixture();
    const missing = path.join(fx.root, 'no-cache-here');
    const res = await runCli(['scan', '--json', '--gomodcache', missing], { env: fx.env });
    expect(res.code).toBe(0);
    expect(res.json<ScanReport>()).toMatchObject({
      gomodcache: missing,
      exists: false,
      modules: [],
    });
    const human = await runCli(['scan', '--gomodcache', missing], { env: fx.env });
    expect(human.stdout).toMatch(/No module cache yet/);
  });

  it('ignores folders in the cache that are not module versions', async () => {
    const fx = await copyFixture();
    await mkdir(path.join(fx.gomodcache, 'cache', 'download', 'example.com', 'NotEscaped', '@v'), {
      recursive: true,
    });
    await writeFile(
      path.join(
        fx.gomodcache,
        'cache',
        'download',
        'example.com',
        'NotEscaped',
        '@v',
        'v1.0.0.mod',
      ),
      '',
    );
    await writeFile(
      path.join(cachePaths(fx, { path: 'example.com/lib', version: 'v1.0.0' }).atV, 'v1.0.mod'),
      '',
    );
    const report = (await scan(fx)).report!;
    expect(report.modules).toHaveLength(8);
  });
});
