import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { GoEnvReport } from '../../shared/dto/env';
import { checkToolchainAndCaches } from '../../electron/engine/doctor/env-checks';
import { createI18n, isMessageKey } from '../../shared/i18n';
import { removeTree, tempDir } from '../helpers/temp';

const GIB = 1024 ** 3;

async function env(gomodcache: string, gocache: string): Promise<GoEnvReport> {
  return {
    go: { found: true, binary: '/usr/bin/go', version: 'go1.22.1', error: null },
    vars: {} as GoEnvReport['vars'],
    sources: {} as GoEnvReport['sources'],
    gotoolchain: { value: 'auto', source: 'default' },
    changedChecked: true,
    gopathList: [],
    gomodcache,
    gocache,
    sumdbDir: '',
  };
}

describe('doctor environment checks', () => {
  it('grades free space: plenty is information, little a warning, almost none an error', async () => {
    const dir = await tempDir('modvault-env-');
    onTestFinished(() => removeTree(dir));
    const e = await env(dir, 'off');
    const grade = async (freeBytes: number) =>
      (
        await checkToolchainAndCaches(e, {
          uid: 0,
          diskSpace: async () => ({ freeBytes, totalBytes: 500 * GIB }),
        })
      ).find((f) => f.check === 'free-space')!;
    expect((await grade(100 * GIB)).severity).toBe('info');
    expect(await grade(1 * GIB)).toMatchObject({
      severity: 'warning',
      fix: expect.stringMatching(/modvault clean/),
    });
    expect((await grade(100 * 1024 ** 2)).severity).toBe('error');
  });

  it('reports a cache path that is a file, and GOCACHE=off', async () => {
    const dir = await tempDir('modvault-env-');
    onTestFinished(() => removeTree(dir));
    const file = path.join(dir, 'mod');
    writeFileSync(file, 'not a folder');
    mkdirSync(path.join(dir, 'build'));
    const found = await checkToolchainAndCaches(await env(file, 'off'), {
      uid: 0,
      diskSpace: async () => ({ freeBytes: 100 * GIB, totalBytes: 500 * GIB }),
    });
    expect(found.find((f) => f.id === 'env/gomodcache')).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/is a file/),
    });
    expect(found.find((f) => f.id === 'env/gocache-off')).toMatchObject({ severity: 'error' });
    expect(found.find((f) => f.id === 'env/go')).toMatchObject({
      severity: 'info',
      message: expect.stringMatching(/go1\.22\.1/),
    });
  });

  it('words every finding from the i18n catalog: English for the CLI, keys for the UI', async () => {
    const dir = await tempDir('modvault-env-');
    onTestFinished(() => removeTree(dir));
    const found = await checkToolchainAndCaches(await env(path.join(dir, 'none'), 'off'), {
      uid: 0,
      diskSpace: async () => ({ freeBytes: 1 * GIB, totalBytes: 500 * GIB }),
    });
    const zh = createI18n('zh-CN').t as (k: string, p: unknown) => string;
    expect(found.map((f) => f.id).sort()).toEqual(['env/go', 'env/gocache-off', 'env/gomodcache']);
    for (const f of found) {
      const keys = [f.text?.message, f.text?.explanation, f.text?.fix].filter(Boolean);
      expect(keys.length, f.id).toBeGreaterThanOrEqual(2);
      for (const key of keys) expect(isMessageKey(key!), key).toBe(true);
      const chinese = zh(f.text!.message!, f.text!.params);
      expect(chinese, f.id).not.toBe(f.message);
      expect(chinese).not.toContain('undefined');
    }
    // Never backed up: a first run, not a problem.
    expect(found.find((f) => f.id === 'env/gomodcache')).toMatchObject({
      severity: 'info',
      message: `No module cache yet: Go creates ${path.join(dir, 'none')} when it first downloads a module.`,
    });
  });

  it('a missing module cache that a snapshot holds was deleted: a warning with the restore', async () => {
    const dir = await tempDir('modvault-env-');
    onTestFinished(() => removeTree(dir));
    const found = await checkToolchainAndCaches(await env(path.join(dir, 'none'), 'off'), {
      uid: 0,
      diskSpace: async () => ({ freeBytes: 100 * GIB, totalBytes: 500 * GIB }),
      absence: async () => ({
        snapshot: { id: 'abcd1234', time: '2025-01-01T00:00:00.000Z', versions: 12 },
        snapshots: 1,
      }),
    });
    expect(found.find((f) => f.id === 'env/gomodcache')).toMatchObject({
      severity: 'warning',
      message: `The module cache (GOMODCACHE) ${path.join(dir, 'none')} was deleted; snapshot abcd1234 holds 12 of its versions.`,
      fix: 'Restore it from snapshot abcd1234.',
      command: ['restore', 'abcd1234'],
    });
  });
});
