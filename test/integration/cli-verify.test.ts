import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../shared/dto/cache';
import { cachePaths, LIB_V1, verify } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';

describe('modvault verify', () => {
  it('prints {"checked", "problems": [{path, version, kind, detail}]} as issue 2 names them', async () => {
    const fx = await copyFixture();
    await writeFile(cachePaths(fx, LIB_V1).file('ziphash'), 'garbage');
    const v = await verify(fx, ['--project', fx.projects.beta]);
    expect(v.code).toBe(1);
    const report = v.report!;
    expect(report.checked).toBe(8);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const p of report.problems) {
      expect(p).toEqual(
        expect.objectContaining({
          path: expect.any(String),
          version: expect.any(String),
          kind: expect.any(String),
          detail: expect.any(String),
        }),
      );
    }
    expect(report.problems[0]).toMatchObject({
      path: 'example.com/lib',
      version: 'v1.0.0',
      kind: 'ziphash-invalid',
    });
    expect(report.projects).toEqual([fx.projects.beta]);
  });

  it('uses exit code 0 for notes only, 1 for problems, and says so in words', async () => {
    const fx = await copyFixture();
    const clean = await runCli(['verify'], { env: fx.env });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/Checked 8 versions \(zips\)/);
    expect(clean.stdout).toMatch(/All module versions verified/);

    await writeFile(
      cachePaths(fx, LIB_V1).file('ziphash'),
      'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    const bad = await runCli(['verify', '--deep'], { env: fx.env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/Checked 8 versions \(zips and extracted trees\)/);
    expect(bad.stdout).toMatch(
      /error\s+example\.com\/lib@v1\.0\.0: zip-mismatch: zip has been modified/,
    );
    expect(bad.stdout).toMatch(/problem\(s\) found/);
  });

  it('deep verification hashes the trees; a note-only result still exits 0', async () => {
    const fx = await copyFixture();
    await rm(cachePaths(fx, LIB_V1).file('ziphash'));
    const res = await runCli(['verify', '--deep'], { env: fx.env });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/info\s+example\.com\/lib@v1\.0\.0: ziphash-missing/);
    expect(res.stdout).toMatch(/No errors; notes only/);
  });

  it('explains a project folder without go.sum, or that is not a folder (exit 2)', async () => {
    const fx = await copyFixture();
    const noSum = path.join(fx.root, 'download-only');
    const a = await runCli(['verify', '--project', noSum], { env: fx.env });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`${noSum} has no go.sum`);
    expect(a.stderr).toMatch(/fix: +Run "go mod tidy"/);
    const file = path.join(fx.projects.beta, 'go.mod');
    const b = await runCli(['verify', '--json', '--project', file], { env: fx.env });
    expect(b.code).toBe(2);
    expect(b.json<{ error: { code: string; path: string } }>().error).toMatchObject({
      code: 'PATH_INVALID',
      path: file,
    });
  });

  it('counts a project given twice (or by a relative path) once', async () => {
    const fx = await copyFixture();
    await writeFile(
      cachePaths(fx, LIB_V1).file('ziphash'),
      'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    const res = await runCli(
      ['verify', '--json', '--project', fx.projects.beta, '--project', 'projects/beta'],
      { env: fx.env, cwd: fx.root },
    );
    const report = res.json<VerifyReport>();
    expect(report.projects).toEqual([fx.projects.beta]);
    expect(report.problems.map((p) => p.kind)).toEqual(['gosum-mismatch', 'zip-mismatch']);
  });

  it('keeps a go.sum with malformed lines usable', async () => {
    const fx = await copyFixture();
    const sum = path.join(fx.projects.beta, 'go.sum');
    await writeFile(sum, 'this line is broken\n' + (await readFile(sum, 'utf8')));
    const v = await verify(fx, ['--project', fx.projects.beta]);
    expect(v.code).toBe(0);
  });
});
