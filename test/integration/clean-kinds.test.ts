import {
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CleanPlan, CleanResult, UndoResult } from '../../shared/dto/clean';
import { goCommand } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { treeSnapshot } from '../helpers/tree-snapshot';
import { giveToNobody } from '../helpers/unprivileged';

const DAY = 24 * 3600 * 1000;

function buildCacheEntries(gocache: string): string[] {
  return readdirSync(gocache)
    .filter((s) => /^[0-9a-f]{2}$/.test(s))
    .flatMap((s) => readdirSync(path.join(gocache, s)).map((n) => path.join(gocache, s, n)))
    .filter((f) => /-[ad]$/.test(f))
    .sort();
}

describe('modvault clean corrupt', () => {
  it('removes broken versions, half-extracted trees and leftovers; projects still build offline (as nobody)', async () => {
    const fx = await copyFixture();
    const dl = path.join(fx.gomodcache, 'cache', 'download', 'example.com');
    truncateSync(path.join(dl, '!upper', '!case', '@v', 'v1.0.0.zip'), 300);
    writeFileSync(path.join(dl, 'lib', '@v', 'v1.0.0.zip4242.tmp'), 'half a download');
    await mkdir(
      path.join(fx.gomodcache, 'example.com', 'pseudo@v0.0.0-20240101120000-abcdef123456.tmp-77'),
    );
    writeFileSync(path.join(dl, 'lib', '@v', 'v1.1.0.partial'), '');
    await giveToNobody(fx.root);

    const res = await runCli(['clean', 'corrupt', '--json'], { env: fx.env, asNobody: true });
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    const byRule = Object.fromEntries(result.items.map((i) => [i.rule, i]));
    expect(Object.keys(byRule).sort()).toEqual([
      'corrupt/zip-unreadable',
      'leftover/tmp-dir',
      'leftover/tmp-file',
      'partial',
    ]);
    expect(byRule['corrupt/zip-unreadable']).toMatchObject({
      path: 'example.com/Upper/Case',
      version: 'v1.0.0',
    });
    expect(byRule.partial).toMatchObject({
      path: 'example.com/lib',
      version: 'v1.1.0',
      kind: 'partial-tree',
    });
    // Only the half tree and its marker go: the zip stays, Go re-extracts from it offline.
    expect(existsSync(path.join(dl, 'lib', '@v', 'v1.1.0.zip'))).toBe(true);
    expect(existsSync(path.join(dl, 'lib', '@v', 'v1.1.0.partial'))).toBe(false);
    expect(existsSync(path.join(fx.gomodcache, 'example.com', 'lib@v1.1.0'))).toBe(false);
    for (const dir of [fx.projects.alpha, fx.projects.beta])
      await goCommand(['build', './...'], { cwd: dir, env: { ...fx.env, GOPROXY: 'off' } });
    const again = await runCli(['clean', 'corrupt', '--dry-run', '--json'], { env: fx.env });
    expect(again.json<CleanPlan>().items).toEqual([]);
  });
});

describe('modvault clean gocache', () => {
  it('removes entries unused for --older-than, then least recently used ones down to --max-size (as nobody)', async () => {
    const fx = await copyFixture();
    const entries = buildCacheEntries(fx.gocache);
    expect(entries.length).toBeGreaterThan(10);
    const now = Date.now();
    // The first third is 20 days old, the rest ages a minute per entry.
    const old = entries.slice(0, Math.floor(entries.length / 3));
    old.forEach((f, i) =>
      utimesSync(f, new Date(now - 20 * DAY - i * 1000), new Date(now - 20 * DAY - i * 1000)),
    );
    const rest = entries.slice(old.length);
    rest.forEach((f, i) =>
      utimesSync(
        f,
        new Date(now - (rest.length - i) * 60_000),
        new Date(now - (rest.length - i) * 60_000),
      ),
    );
    await giveToNobody(fx.root);

    const aged = await runCli(['clean', 'gocache', '--older-than', '10d', '--dry-run', '--json'], {
      env: fx.env,
    });
    expect(
      aged
        .json<CleanPlan>()
        .items.map((i) => i.path)
        .sort(),
    ).toEqual([...old].sort());
    // Default: Go's own 5 days.
    const dflt = await runCli(['clean', 'gocache', '--dry-run', '--json'], { env: fx.env });
    expect(dflt.json<CleanPlan>().items).toHaveLength(old.length);

    const restBytes = rest.map((f) => statSync(f).size);
    const budget = restBytes.slice(2).reduce((a, b) => a + b, 0);
    const res = await runCli(
      ['clean', 'gocache', '--older-than', '10d', '--max-size', String(budget), '--json'],
      {
        env: fx.env,
        asNobody: true,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    const gone = result.items.map((i) => i.path);
    expect(gone.sort()).toEqual([...old, rest[0]!, rest[1]!].sort());
    expect(result.items.filter((i) => i.rule === 'gocache/max-size').map((i) => i.path)).toEqual([
      rest[0],
      rest[1],
    ]);
    for (const f of gone) expect(existsSync(f)).toBe(false);
    for (const f of rest.slice(2)) expect(existsSync(f)).toBe(true);
    expect(existsSync(path.join(fx.gocache, 'README'))).toBe(true);
    const quarantine = path.join(
      path.dirname(fx.gocache),
      '.modvault-quarantine',
      result.quarantineId!,
    );
    expect(existsSync(quarantine)).toBe(true);
  });
});

describe('modvault clean all', () => {
  it('quarantines the whole module cache and the build cache, and undo brings both back exactly (as nobody)', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const mod = treeSnapshot(fx.gomodcache);
    const build = treeSnapshot(fx.gocache);
    const res = await runCli(['clean', 'all', '--json'], { env: fx.env, asNobody: true });
    expect(res.code, res.stderr).toBe(0);
    const result = res.json<CleanResult>();
    expect(result.items.map((i) => i.rule).sort()).toEqual(['all/cache', 'all/modcache']);
    expect(existsSync(fx.gomodcache)).toBe(false);
    expect(buildCacheEntries(fx.gocache)).toEqual([]);
    // Like go clean -cache: the cache folder and its bookkeeping files stay.
    expect(existsSync(path.join(fx.gocache, 'README'))).toBe(true);

    const undo = await runCli(['quarantine', 'undo', result.quarantineId!, '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.json<UndoResult>()).toMatchObject({ restored: 2, remaining: 0 });
    expect(treeSnapshot(fx.gomodcache)).toEqual(mod);
    expect(treeSnapshot(fx.gocache)).toEqual(build);
  });

  it('runs go clean with its output streamed, and cleans without Go when there is none', async () => {
    const fx = await copyFixture();
    await giveToNobody(fx.root);
    const viaGo = await runCli(['clean', 'all', '--only', 'modcache', '--toolchain', '--json'], {
      env: fx.env,
      asNobody: true,
    });
    expect(viaGo.code, viaGo.stderr).toBe(0);
    expect(viaGo.json<CleanResult>()).toMatchObject({ mode: 'toolchain', quarantineId: null });
    expect(viaGo.stderr).toContain(`rm -rf ${fx.gomodcache}`);
    expect(existsSync(fx.gomodcache)).toBe(false);

    const fx2 = await copyFixture();
    await giveToNobody(fx2.root);
    const noGo = await runCli(
      ['clean', 'all', '--only', 'modcache', '--only', 'cache', '--toolchain', '--json'],
      {
        env: { ...fx2.env, MODVAULT_GO: '/nonexistent/go' },
        asNobody: true,
      },
    );
    expect(noGo.code, noGo.stderr).toBe(0);
    const r = noGo.json<CleanResult>();
    expect(r.mode).toBe('delete');
    expect(r.notes.join(' ')).toMatch(/Go was not found/);
    expect(existsSync(fx2.gomodcache)).toBe(false);
    expect(buildCacheEntries(fx2.gocache)).toEqual([]);
  });

  it('expires test results like go clean -testcache', async () => {
    const fx = await copyFixture();
    const before = BigInt(Date.now()) * 1_000_000n;
    const res = await runCli(['clean', 'all', '--only', 'testcache', '--json'], { env: fx.env });
    expect(res.code, res.stderr).toBe(0);
    const stamp = BigInt(readFileSync(path.join(fx.gocache, 'testexpire.txt'), 'utf8').trim());
    expect(stamp >= before).toBe(true);
    expect(buildCacheEntries(fx.gocache).length).toBeGreaterThan(0);
  });
});
