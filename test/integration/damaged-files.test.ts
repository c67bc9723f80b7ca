import { chmod, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import type { DoctorReport } from '../../shared/dto/doctor';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { versionPaths } from '../helpers/store';
import { buildZip } from '../helpers/zip-builder';

describe('damaged files: every message names the file and what to do', () => {
  it('a malformed .info and .ziphash, and a zip holding one file twice', async () => {
    const fx = await copyFixture();
    const info = versionPaths(fx.gomodcache, 'example.com/lib', 'v1.0.0').info;
    const ziphash = versionPaths(fx.gomodcache, 'example.com/lib', 'v1.1.0').ziphash;
    const dup = versionPaths(
      fx.gomodcache,
      'example.com/pseudo',
      'v0.0.0-20240101120000-abcdef123456',
    );
    for (const f of [info, ziphash, dup.zip]) await chmod(f, 0o644);
    await writeFile(info, '{"Version": "v1.0.0", ');
    await writeFile(ziphash, 'h1:not-base64!');
    const prefix = 'example.com/pseudo@v0.0.0-20240101120000-abcdef123456/';
    await rm(dup.zip);
    await writeFile(
      dup.zip,
      buildZip({
        entries: [
          { name: `${prefix}go.mod`, data: 'module example.com/pseudo\n' },
          { name: `${prefix}pseudo.go`, data: 'package pseudo\n' },
          { name: `${prefix}pseudo.go`, data: 'package evil\n' },
        ],
      }).bytes,
    );

    const snap = await runCli(['snapshot'], { env: fx.env });
    expect(snap.code).toBe(1);
    expect(snap.stderr).toBe('');
    expect(snap.stdout).toContain(info);
    expect(snap.stdout).toContain(dup.zip);
    expect(snap.stdout).toMatch(/zip-invalid: .*pseudo\.go.*multiple entries/);
    expect(snap.stdout).toMatch(/fix: +Repair the cache with `modvault doctor --fix`/);

    const verify = (await runCli(['verify', '--json'], { env: fx.env })).json<VerifyReport>();
    const byKind = (k: string) => verify.problems.find((p) => p.kind === k)!;
    expect(byKind('info-invalid')).toMatchObject({
      file: info,
      detail: expect.stringContaining(info),
    });
    expect(byKind('ziphash-invalid')).toMatchObject({ file: ziphash });
    expect(byKind('zip-invalid')).toMatchObject({ file: dup.zip });

    const doctor = (await runCli(['doctor', '--json'], { env: fx.env })).json<DoctorReport>();
    for (const kind of ['info-invalid', 'ziphash-invalid', 'zip-invalid'])
      expect(
        doctor.findings.find((f) => f.check === kind),
        kind,
      ).toMatchObject({
        file: expect.stringMatching(/\.(info|ziphash|zip)$/),
        fix: expect.any(String),
      });
  });
});
