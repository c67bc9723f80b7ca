import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { CheckResult, RepairResult } from '../../shared/dto/store';
import type { GoFixture } from '../fixtures/go-fixture';
import type { CliOptions, CliResult } from './cli';
import { runCli } from './cli';
import { cacheState, restore } from './restore';
import { growCache, snapshot } from './store';
import type { EntryState } from './tree-snapshot';

/** Packs of this size: a few snapshots fill several of them. */
export const SMALL_PACKS = { MODVAULT_PACK_TARGET_BYTES: '120000' };

export interface TwoSnapshots {
  fx: GoFixture;
  store: string;
  env: Record<string, string>;
  /** Snapshot id → the module cache as it was when the snapshot was taken. */
  states: Map<string, Map<string, EntryState>>;
  first: string;
  second: string;
}

/** Two snapshots of a growing cache (the second adds versions of incompressible data). */
export async function twoSnapshots(fx: GoFixture): Promise<TwoSnapshots> {
  const env = { ...fx.env, ...SMALL_PACKS };
  const states = new Map<string, Map<string, EntryState>>();
  const a = await snapshot(fx, [], { env });
  expect(a.code, a.stderr).toBe(0);
  states.set(a.result.id, cacheState(fx.gomodcache));
  await growCache(fx, 4);
  const b = await snapshot(fx, [], { env });
  expect(b.code, b.stderr).toBe(0);
  states.set(b.result.id, cacheState(fx.gomodcache));
  return {
    fx,
    store: fx.env.MODVAULT_STORE!,
    env,
    states,
    first: a.result.id,
    second: b.result.id,
  };
}

/** Every file of the store that holds backups (packs, manifests, the kept index), by hash. */
export function backupFiles(store: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (rel: string) => {
    const file = path.join(store, rel);
    if (statSync(file).isFile())
      out.set(rel, createHash('sha256').update(readFileSync(file)).digest('hex'));
  };
  for (const dir of ['packs', 'snapshots'])
    if (existsSync(path.join(store, dir)))
      for (const name of readdirSync(path.join(store, dir))) add(`${dir}/${name}`);
  if (existsSync(path.join(store, 'index.sqlite.bak'))) add('index.sqlite.bak');
  return out;
}

export async function checkStore(
  t: Pick<TwoSnapshots, 'env'>,
  args: string[] = [],
  opts: Partial<CliOptions> = {},
): Promise<{ code: number | null; r: CheckResult; res: CliResult }> {
  const res = await runCli(['check', '--json', ...args], { env: t.env, ...opts });
  return { code: res.code, r: res.json<CheckResult>(), res };
}

export async function repairStore(
  t: Pick<TwoSnapshots, 'env'>,
): Promise<{ code: number | null; r: RepairResult }> {
  const res = await runCli(['store', 'repair', '--json'], { env: t.env });
  return { code: res.code, r: res.json<RepairResult>() };
}

/** Restores a snapshot into a new folder (full mode) and compares it with the cache it came from. */
export async function restoresExactly(
  t: TwoSnapshots,
  id: string,
  opts: Partial<CliOptions> = {},
): Promise<void> {
  const target = path.join(t.fx.root, `restored-${id}-${Date.now()}`);
  const { code, stderr, result } = await restore(
    t.fx,
    [id, '--mode', 'full', '--target-gomodcache', target],
    { env: t.env, ...opts },
  );
  expect(code, `${id}: ${stderr}\n${JSON.stringify(result.failed)}`).toBe(0);
  expect(result.failed).toEqual([]);
  const want = t.states.get(id)!;
  const got = cacheState(target);
  expect([...got.keys()].sort(), id).toEqual([...want.keys()].sort());
  for (const [rel, state] of want) expect(got.get(rel), `${id}: ${rel}`).toEqual(state);
}

/** Every snapshot restores byte for byte, and every byte of the store reads back. */
export async function everythingRestores(t: TwoSnapshots): Promise<void> {
  const deep = await checkStore(t, ['--read-data']);
  expect(
    deep.r.problems.filter((p) => p.severity === 'error'),
    deep.res.stdout,
  ).toEqual([]);
  expect(deep.code).toBe(0);
  for (const id of t.states.keys()) await restoresExactly(t, id);
}

/** A writing command is refused with the damaged-store message, naming the index and the fix. */
export function expectRefusal(res: CliResult, store: string): void {
  expect(res.code, res.stdout + res.stderr).toBe(2);
  expect(res.stderr).toContain(path.join(store, 'index.sqlite'));
  expect(res.stderr).toMatch(/fix: .*modvault store repair/);
}
