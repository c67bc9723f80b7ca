import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';

describe('modvault scan', () => {
  it('lists every version the go command downloaded, unescaped, with sizes from the zips', async () => {
    const fx = await copyFixture();
    const res = await runCli(['scan', '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<ScanReport>();
    expect(report.gomodcache).toBe(fx.gomodcache);
    const ids = report.modules.map((m) => `${m.path}@${m.version}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'example.com/Upper/Case@v1.0.0',
        'example.com/Upper/Case@v1.1.0',
        'example.com/lib@v1.0.0',
        'example.com/lib@v1.1.0',
        'example.com/lib@v1.2.0-RC.1',
        'example.com/nomod@v2.0.0+incompatible',
        'example.com/pseudo@v0.0.0-20240101120000-abcdef123456',
        'example.com/nogomod@v1.0.0',
      ]),
    );
    const upper = report.modules.find(
      (m) => m.path === 'example.com/Upper/Case' && m.version === 'v1.1.0',
    )!;
    expect(upper).toMatchObject({ state: 'ok', zip: true, extracted: true, toolchain: false });
    expect(upper.ziphash).toMatch(/^h1:/);
    expect(upper.treeBytes).toBeGreaterThan(0);
    expect(report.totals.versions).toBe(report.modules.length);
  });
});
