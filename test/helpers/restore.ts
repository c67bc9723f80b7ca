import { lstatSync } from 'node:fs';
import { expect } from 'vitest';
import type { RestoreResult } from '../../shared/dto/restore';
import type { GoFixture } from '../fixtures/go-fixture';
import type { CliOptions, CliResult } from './cli';
import { runCli } from './cli';
import { go } from './go';
import { removeTree } from './temp';
import type { EntryState } from './tree-snapshot';
import { treeSnapshot } from './tree-snapshot';
import { runAsNobody } from './unprivileged';

/** `modvault restore --json …`, its result parsed. */
export async function restore(
  fx: GoFixture,
  args: string[] = [],
  opts: Partial<CliOptions> = {},
): Promise<CliResult & { result: RestoreResult }> {
  const res = await runCli(['restore', '--json', ...args], { env: fx.env, ...opts });
  let result: RestoreResult;
  try {
    result = res.json<RestoreResult>();
  } catch {
    throw new Error(`restore printed no result (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  }
  return { ...res, result };
}

/**
 * Deletes the module cache the way a user does: make it writable (Go makes trees read-only),
 * then `rm -rf` — as the unprivileged owner when `asNobody`, or the cache would not really be
 * theirs.
 */
export async function deleteCacheAsUser(fx: GoFixture, asNobody: boolean): Promise<void> {
  if (!asNobody) return removeTree(fx.gomodcache);
  const r = await runAsNobody(
    'sh',
    ['-c', 'chmod -R u+w "$0" && rm -rf "$0"', fx.gomodcache],
    fx.env,
  );
  expect(r.code, r.stderr).toBe(0);
}

/** The go command as the fixture's user, with the network off. */
export async function goAs(
  fx: GoFixture,
  asNobody: boolean,
  args: string[],
  project: 'alpha' | 'beta',
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const full = { ...fx.env, GOPROXY: 'off', ...env };
  if (asNobody) return runAsNobody('go', args, full, fx.projects[project]);
  return go(args, { cwd: fx.projects[project], env: full });
}

/**
 * What a restore must reproduce exactly: everything but zips (rebuilt, same h1) and Go's lock
 * files (cache/lock guards go.sum writes; Go creates it when it needs it).
 */
export function cacheState(gomodcache: string): Map<string, EntryState> {
  return treeSnapshot(
    gomodcache,
    (rel) => rel.endsWith('.zip') || rel.endsWith('.lock') || rel === 'cache/lock',
  );
}

/** Inode of a file, to tell a hard link from a copy. */
export const inode = (p: string) => lstatSync(p).ino;
