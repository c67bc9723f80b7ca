import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type {
  CheckResult,
  DiffResult,
  ExportResult,
  SnapshotSummary,
} from '../../shared/dto/store';
import type { CliOptions } from '../helpers/cli';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { growCache } from '../helpers/store';
import type { TwoSnapshots } from '../helpers/store-faults';
import { restoresExactly, twoSnapshots } from '../helpers/store-faults';
import { copyTree, removeTree, tempDir } from '../helpers/temp';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

const run = promisify(execFile);

// A store on read-only media or owned by another account (issue 12): every reading command
// works (list, diff, check, export, restore) without writing a byte there — no -wal/-shm files,
// no lock — and every writing command says the store is read-only, naming it and the fix.

/** Every entry of a folder with its size and mtime: proof that nothing was written. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const st = statSync(full);
      out.push(`${path.relative(dir, full)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

async function readsWork(t: TwoSnapshots, opts: Partial<CliOptions>, outDir: string) {
  const env = { ...t.env, MODVAULT_STORE: t.store };
  const o = { env, ...opts };
  const list = await runCli(['snapshots', '--json'], o);
  expect(list.code, list.stderr).toBe(0);
  const snaps = list.json<SnapshotSummary[]>();
  expect(snaps.map((s) => s.id)).toEqual(expect.arrayContaining([t.first, t.second]));
  const diff = await runCli(['diff', t.first, t.second, '--json'], o);
  expect(diff.code, diff.stderr).toBe(0);
  expect(diff.json<DiffResult>().added.length).toBeGreaterThan(0);
  for (const args of [[], ['--read-data']]) {
    const check = await runCli(['check', '--json', ...args], o);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.json<CheckResult>().snapshots).toBe(snaps.length);
  }
  const out = path.join(outDir, 'export.zip');
  const exp = await runCli(['export', t.second, '--format', 'zip', '--out', out, '--json'], o);
  expect(exp.code, exp.stderr).toBe(0);
  expect(exp.json<ExportResult>().versions).toBeGreaterThan(8);
  for (const id of [t.first, t.second]) await restoresExactly({ ...t, env }, id, opts);
}

async function writesRefused(
  t: TwoSnapshots,
  opts: Partial<CliOptions>,
  why: RegExp,
): Promise<void> {
  const env = { ...t.env, MODVAULT_STORE: t.store };
  for (const args of [
    ['snapshot'],
    ['forget', '--keep-last', '1'],
    ['prune'],
    ['store', 'repair'],
  ]) {
    const res = await runCli(args, { env, ...opts });
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
    expect(res.stderr).toContain(`The backup store ${t.store} is read-only`);
    expect(res.stderr).toMatch(why);
    expect(res.stderr).toMatch(/fix: +Reading works as it is/);
  }
}

// Each case runs several CLI processes, snapshots and restores: slow on a loaded machine.
describe('store faults: read-only stores', { timeout: 240_000 }, () => {
  it('a store on a read-only file system can be listed, checked, exported and restored from', async () => {
    const t = await twoSnapshots(await copyFixture());
    const disk = await tempDir('modvault-ro-');
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', disk]);
    } catch {
      // Mounting needs root (CI runs as root).
      await removeTree(disk);
      return;
    }
    onTestFinished(async () => {
      await run('umount', [disk]).catch(() => {});
      await removeTree(disk);
    });
    const store = path.join(disk, 'store');
    await copyTree(t.store, store);
    // A snapshot killed right after its commit leaves a write-ahead log holding it.
    await growCache(t.fx, 1, 100);
    const killed = await runCli(['snapshot'], {
      env: { ...t.env, MODVAULT_STORE: store, MODVAULT_FAULT: 'snapshot-committed' },
    });
    expect(killed.code).toBeNull();
    expect(existsSync(path.join(store, 'index.sqlite-wal'))).toBe(true);
    await run('mount', ['-o', 'remount,ro', disk]);
    const ro = { ...t, store };
    const before = listing(store);
    await readsWork(ro, {}, t.fx.root);
    const list = await runCli(['snapshots', '--json'], {
      env: { ...t.env, MODVAULT_STORE: store },
    });
    expect(list.json<SnapshotSummary[]>()).toHaveLength(3); // the one in the log too
    await writesRefused(ro, {}, /read-only file system/);
    expect(listing(store)).toEqual(before);
  });

  it.skipIf(!canDropPrivileges)(
    "another account's store (root's, 0555/0444) can be read by nobody, and writes say why not",
    async () => {
      const t = await twoSnapshots(await copyFixture());
      await giveToNobody(t.fx.root);
      // The store stays root's, and nothing in it is writable.
      await run('chown', ['-R', 'root:root', t.store]);
      await run('find', [t.store, '-type', 'd', '-exec', 'chmod', '0555', '{}', '+']);
      await run('find', [t.store, '-type', 'f', '-exec', 'chmod', '0444', '{}', '+']);
      onTestFinished(() => run('chmod', ['-R', 'u+w', t.store]).then(() => {}));
      const before = listing(t.store);
      const out = path.join(t.fx.root, 'out');
      await run('mkdir', ['-p', out]);
      await giveToNobody(out);
      await readsWork(t, { asNobody: true }, out);
      await writesRefused(t, { asNobody: true }, /your user may not write to it/);
      expect(listing(t.store)).toEqual(before);
    },
  );
});
