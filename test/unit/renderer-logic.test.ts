import { describe, expect, it } from 'vitest';
import type { ModuleVersionInfo, ScanReport } from '../../shared/dto/cache';
import type { SnapshotSummary } from '../../shared/dto/store';
import { byteTicks, niceTicks, timeTicks } from '../../renderer/src/lib/charts/scale';
import { moduleGroup, squarify, treemap } from '../../renderer/src/lib/charts/squarify';
import type { Column } from '../../renderer/src/lib/components/data-table';
import { sortRows } from '../../renderer/src/lib/components/data-table';
import { growthSeries, summarizeModules } from '../../renderer/src/lib/format/cache-figures';
import { snapshotSeries } from '../../renderer/src/lib/format/snapshot-series';
import { usageIndex } from '../../renderer/src/lib/format/usage-index';
import { parseHash } from '../../renderer/src/lib/state/route';

describe('squarified treemap', () => {
  it('fills the rectangle exactly, areas proportional to values, nearly square cells', () => {
    const items = [60, 30, 20, 10, 5, 5].map((value, i) => ({ value, data: i }));
    const placed = squarify(items, { x: 0, y: 0, w: 600, h: 400 });
    const area = (r: { w: number; h: number }) => r.w * r.h;
    expect(placed.reduce((a, p) => a + area(p.rect), 0)).toBeCloseTo(600 * 400, 6);
    for (const p of placed) expect(area(p.rect) / (600 * 400)).toBeCloseTo(p.value / 130, 6);
    for (const p of placed) {
      expect(p.rect.x).toBeGreaterThanOrEqual(-1e-9);
      expect(p.rect.x + p.rect.w).toBeLessThanOrEqual(600 + 1e-9);
    }
    const worst = Math.max(
      ...placed.map((p) => Math.max(p.rect.w / p.rect.h, p.rect.h / p.rect.w)),
    );
    expect(worst).toBeLessThan(4);
  });

  it('ignores empty items and empty space', () => {
    expect(squarify([{ value: 0, data: 1 }], { x: 0, y: 0, w: 10, h: 10 })).toEqual([]);
    expect(squarify([{ value: 5, data: 1 }], { x: 0, y: 0, w: 0, h: 10 })).toEqual([]);
  });

  it('groups modules by host, and by owner on code hosts', () => {
    expect(moduleGroup('golang.org/x/net')).toBe('golang.org');
    expect(moduleGroup('github.com/spf13/cobra')).toBe('github.com/spf13');
    expect(moduleGroup('github.com')).toBe('github.com');
    const { groups, cells } = treemap(
      [
        { path: 'github.com/a/x', bytes: 50 },
        { path: 'github.com/a/y', bytes: 30 },
        { path: 'golang.org/x/net', bytes: 20 },
      ],
      { x: 0, y: 0, w: 400, h: 300 },
    );
    expect(groups.map((g) => g.key)).toEqual(['github.com/a', 'golang.org']);
    expect(cells.map((c) => [c.path, c.groupIndex, c.rank])).toEqual([
      ['github.com/a/x', 0, 0],
      ['github.com/a/y', 0, 1],
      ['golang.org/x/net', 1, 0],
    ]);
    // Each cell lies inside its group's rectangle.
    for (const c of cells) {
      const g = groups[c.groupIndex]!.rect;
      expect(c.rect.x).toBeGreaterThanOrEqual(g.x);
      expect(c.rect.y + c.rect.h).toBeLessThanOrEqual(g.y + g.h + 1e-9);
    }
  });
});

describe('axis ticks', () => {
  it('round numbers covering the maximum', () => {
    expect(niceTicks(87, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0]);
    const mib = 1024 ** 2;
    expect(byteTicks(700 * mib, 4)).toEqual([0, 200, 400, 600, 800].map((v) => v * mib));
    expect(timeTicks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});

describe('data table sorting', () => {
  const col = (
    value: Column<{ n: number | null; s: string }>['value'],
  ): Column<{ n: number | null; s: string }> => ({
    id: 'c',
    label: 'c',
    width: '1fr',
    value,
  });
  const rows = [
    { n: 10, s: 'b10' },
    { n: null, s: 'a' },
    { n: 2, s: 'B2' },
    { n: 10, s: 'c' },
  ];
  it('sorts numbers and text naturally, empty values last, stable on ties', () => {
    expect(
      sortRows(
        rows,
        col((r) => r.n),
        'desc',
      ).map((r) => r.s),
    ).toEqual(['b10', 'c', 'B2', 'a']);
    expect(
      sortRows(
        rows,
        col((r) => r.n),
        'asc',
      ).map((r) => r.s),
    ).toEqual(['B2', 'b10', 'c', 'a']);
    expect(
      sortRows(
        rows,
        col((r) => r.s),
        'asc',
      ).map((r) => r.s),
    ).toEqual(['a', 'B2', 'b10', 'c']);
  });
});

describe('hash routes', () => {
  const pages = ['dashboard', 'modules', 'activity'];
  it('reads the page and its parameter, falling back to the home page', () => {
    expect(parseHash('', pages)).toEqual({ page: 'dashboard', param: null });
    expect(parseHash('#/modules', pages)).toEqual({ page: 'modules', param: null });
    expect(parseHash('#/modules/github.com%2Fa%2Fb', pages)).toEqual({
      page: 'modules',
      param: 'github.com/a/b',
    });
    expect(parseHash('#/modules/github.com/a/b', pages)).toEqual({
      page: 'modules',
      param: 'github.com/a/b',
    });
    expect(parseHash('#/restore', pages)).toEqual({ page: 'dashboard', param: null });
    expect(parseHash('#/activity/%E0%A4%A', pages)).toEqual({ page: 'activity', param: null });
  });
});

const v = (
  path: string,
  version: string,
  over: Partial<ModuleVersionInfo> = {},
): ModuleVersionInfo =>
  ({
    path,
    version,
    state: 'ok',
    reason: null,
    problems: [],
    zip: true,
    extracted: true,
    zipBytes: 100,
    treeBytes: 300,
    fileCount: 3,
    downloadedAt: Date.UTC(2024, 0, 1, 10),
    toolchain: false,
    ...over,
  }) as ModuleVersionInfo;

describe('cache figures', () => {
  const report = {
    modules: [
      v('a', 'v1', {}),
      v('a', 'v2', { extracted: false, state: 'zip-only', downloadedAt: Date.UTC(2024, 0, 1, 18) }),
      v('b', 'v1', { state: 'corrupt', downloadedAt: Date.UTC(2024, 0, 3) }),
      v('c', 'v1', { downloadedAt: null }),
    ],
  } as ScanReport;

  it('summarizes modules: disk bytes count trees only when extracted; the worst state wins', () => {
    const s = summarizeModules(report);
    expect(s.map((m) => [m.path, m.versions.length, m.bytes, m.worst, m.damaged])).toEqual([
      ['a', 2, 500, 'ok', 0],
      ['b', 1, 400, 'corrupt', 1],
      ['c', 1, 400, 'ok', 0],
    ]);
  });

  it('grows by download day, cumulatively', () => {
    expect(growthSeries(report).map((p) => p.v)).toEqual([500, 900]);
  });

  it('plots this cache’s backups, oldest first, without imports or the build cache', () => {
    const snap = (id: string, time: string, over: Partial<SnapshotSummary>) =>
      ({
        id,
        time,
        versions: 8,
        bytes: 1000,
        kind: 'snapshot',
        host: 'h',
        gomodcache: '/go/pkg/mod',
        buildCache: null,
        ...over,
      }) as SnapshotSummary;
    const series = snapshotSeries(
      [
        snap('c', '2026-03-03T00:00:00Z', { bytes: 5000, buildCache: { bytes: 3000 } as never }),
        snap('a', '2026-03-01T00:00:00Z', { versions: 7, bytes: 900 }),
        snap('i', '2026-03-02T00:00:00Z', { kind: 'import' }),
        snap('o', '2026-03-02T00:00:00Z', { gomodcache: '/other/mod' }),
      ],
      '/go/pkg/mod',
    );
    expect(series).toEqual([
      { t: Date.parse('2026-03-01T00:00:00Z'), v: 900, versions: 7, id: 'a' },
      { t: Date.parse('2026-03-03T00:00:00Z'), v: 2000, versions: 8, id: 'c' },
    ]);
  });

  it('plots the size on disk a snapshot recorded, and what it held only for older ones', () => {
    const snap = (id: string, time: string, over: Partial<SnapshotSummary>) =>
      ({
        id,
        time,
        versions: 8,
        bytes: 9000,
        kind: 'snapshot',
        gomodcache: '/m',
        buildCache: null,
        ...over,
      }) as SnapshotSummary;
    const series = snapshotSeries(
      [
        snap('old', '2026-03-01T00:00:00Z', { bytes: 900 }),
        snap('new', '2026-03-02T00:00:00Z', { diskBytes: 1500 }),
        snap('empty', '2026-03-03T00:00:00Z', { bytes: 0, diskBytes: 0 }),
      ],
      '/m',
    );
    expect(series.map((p) => p.v)).toEqual([900, 1500, 0]);
  });

  it('indexes which projects use which versions', () => {
    const idx = usageIndex({
      roots: [],
      skipped: [],
      projects: [
        { dir: '/p1', requires: [{ path: 'a', version: 'v1', indirect: false }] },
        { dir: '/p2', requires: [{ path: 'a', version: 'v1', indirect: true }] },
      ],
    } as never);
    expect(idx.get('a@v1')).toEqual(['/p1', '/p2']);
    expect(idx.get('a@v2')).toBeUndefined();
  });
});
