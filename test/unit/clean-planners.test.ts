import { describe, expect, it } from 'vitest';
import type { ModuleVersionInfo, ScanReport } from '../../shared/dto/cache';
import { InUseSet } from '../../electron/engine/clean/in-use';
import { planGocache } from '../../electron/engine/clean/gocache-planner';
import { planUnused } from '../../electron/engine/clean/unused-planner';

const DAY = 24 * 3600 * 1000;
const NOW = 100 * DAY;

function version(path: string, v: string, daysAgo: number): ModuleVersionInfo {
  return {
    path,
    version: v,
    state: 'ok',
    reason: null,
    problems: [],
    zip: true,
    extracted: true,
    mod: true,
    info: true,
    ziphash: null,
    zipBytes: 100,
    treeBytes: 200,
    fileCount: 2,
    downloadedAt: NOW - daysAgo * DAY,
    toolchain: path === 'golang.org/toolchain',
  };
}

function scan(modules: ModuleVersionInfo[]): ScanReport {
  return {
    gomodcache: '/nonexistent/mod',
    exists: true,
    scannedAt: NOW,
    modules,
    leftovers: [],
    links: [],
    totals: {} as ScanReport['totals'],
  };
}

describe('planUnused', () => {
  const modules = [
    version('example.com/a', 'v1.0.0', 90),
    version('example.com/a', 'v1.1.0', 60),
    version('example.com/a', 'v1.10.0', 1),
    version('example.com/b', 'v0.1.0', 40),
    version('golang.org/toolchain', 'v0.0.1-go1.21.3.linux-amd64', 50),
    version('golang.org/toolchain', 'v0.0.1-go1.22.0.linux-amd64', 50),
  ];
  const used = new InUseSet();
  used.addVersion({ path: 'example.com/a', version: 'v1.1.0' }, '/src/p');
  used.addToolchain('go1.21.3', '/src/p');
  used.projects.push('/src/p');
  const ids = (items: { path: string; version: string | null }[]) =>
    items.map((i) => `${i.path}@${i.version}`);

  it('keeps what projects name (toolchains included) and lists who uses it', () => {
    const { items, kept } = planUnused(scan(modules), used, { now: NOW, goroot: null });
    expect(ids(items)).toEqual([
      'example.com/a@v1.0.0',
      'example.com/a@v1.10.0',
      'example.com/b@v0.1.0',
      'golang.org/toolchain@v0.0.1-go1.22.0.linux-amd64',
    ]);
    expect(items[0]).toMatchObject({
      bytes: 300,
      rule: 'unused',
      reason: 'not used by the 1 project scanned',
    });
    expect(kept).toContainEqual({
      path: 'golang.org/toolchain',
      version: 'v0.0.1-go1.21.3.linux-amd64',
      reason: 'in-use',
      projects: ['/src/p'],
    });
  });

  it('keeps the newest N of each module and whatever was downloaded recently', () => {
    const { items, kept } = planUnused(scan(modules), used, {
      now: NOW,
      goroot: null,
      keepLatest: 1,
      olderThanMs: 45 * DAY,
    });
    expect(ids(items)).toEqual(['example.com/a@v1.0.0']);
    expect(kept.find((k) => k.version === 'v1.10.0')?.reason).toBe('keep-latest');
    expect(items[0]!.rule).toBe('unused/older-than');
  });

  it('never removes the toolchain the go command itself runs from', () => {
    const goroot = '/nonexistent/mod/golang.org/toolchain@v0.0.1-go1.22.0.linux-amd64';
    const { kept } = planUnused(scan(modules), used, { now: NOW, goroot });
    expect(kept.find((k) => k.version.startsWith('v0.0.1-go1.22.0'))?.reason).toBe(
      'running-toolchain',
    );
  });
});

describe('planGocache', () => {
  const entries = [
    { file: '/g/aa/1-a', bytes: 10, mtimeMs: NOW - 10 * DAY },
    { file: '/g/aa/2-d', bytes: 1000, mtimeMs: NOW - 3 * DAY },
    { file: '/g/bb/3-d', bytes: 500, mtimeMs: NOW - 2 * DAY },
    { file: '/g/bb/4-a', bytes: 10, mtimeMs: NOW - 5 * DAY - 30 * 60_000 },
  ];
  it("defaults to Go's trim: unused for 5 days plus the hour Go's mtimes may lag", () => {
    expect(planGocache(entries, { now: NOW }).map((i) => i.path)).toEqual(['/g/aa/1-a']);
  });
  it('removes least recently used entries until the budget fits', () => {
    const items = planGocache(entries, { now: NOW, maxSizeBytes: 600 });
    expect(items.map((i) => [i.path, i.rule])).toEqual([
      ['/g/aa/1-a', 'gocache/max-size'],
      ['/g/bb/4-a', 'gocache/max-size'],
      ['/g/aa/2-d', 'gocache/max-size'],
    ]);
  });
});
