import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { RestoreResult } from '../../shared/dto/restore';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import { remount, smallDisk } from '../helpers/tmpfs';
import { canDropPrivileges } from '../helpers/unprivileged';

describe.skipIf(!canDropPrivileges)('a disk that fills up mid-job', () => {
  it('mid-restore: each failed version names the file and the fix; nothing half-written; the next run completes', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    // Plenty of bytes, but room for only 40 files: the space check passes, the writes fail.
    const disk = await smallDisk(16 * 1024, 40);
    const target = path.join(disk, 'mod');
    const res = await restore(fx, ['--mode', 'full', '--target-gomodcache', target]);
    expect(res.code).toBe(1);
    const failed = res.result.failed;
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.message).toMatch(new RegExp(`^The disk is full while writing ${disk}/`));
      expect(f.fix).toMatch(/Free some space on that volume .* run the restore again/);
    }
    // What Go could mistake for complete: no temp files, no .partial, no version without its hash.
    const scan = (
      await runCli(['scan', '--json', '--gomodcache', target], { env: fx.env })
    ).json<ScanReport>();
    expect(scan.leftovers).toEqual([]);
    expect(scan.modules.filter((m) => m.state === 'corrupt' || m.state === 'partial')).toEqual([]);
    await remount(disk, 16 * 1024, 4000);
    const again = await restore(fx, ['--mode', 'full', '--target-gomodcache', target]);
    expect(again.code, JSON.stringify(again.result.failed)).toBe(0);
    expect(again.result).toMatchObject<Partial<RestoreResult>>({ failed: [], mismatches: [] });
  });

  it('mid-export: the error names the export and the fix, and no half-written file is left', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const disk = await smallDisk(8);
    for (const format of ['zip', 'dir'] as const) {
      const out = path.join(disk, `export.${format}`);
      const res = await runCli(['export', 'latest', '--format', format, '--out', out], {
        env: fx.env,
      });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`The disk is full while writing the export ${out}.`);
      expect(res.stderr).toMatch(/fix: +Free some space on that volume/);
      expect(readdirSync(disk)).toEqual([]);
    }
  });
});
