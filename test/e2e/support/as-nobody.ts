import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { GoFixture } from '../../fixtures/go-fixture';
import { downloadFile, treeDir } from '../../helpers/cache-damage';
import { offline } from '../../helpers/go';
import type { RunningUi } from '../../helpers/ui-server';
import { startUiServer } from '../../helpers/ui-server';
import { giveToNobody, runAsNobody } from '../../helpers/unprivileged';

// The user's machine as the tests that delete, clean or restore read-only trees need it: the
// fixture owned by "nobody", who runs `modvault ui`, the go command and the `rm -rf`.

/** The fixture given to "nobody", with settings naming the project folders (plus `extra`). */
export async function giveFixtureToNobody(
  fx: GoFixture,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const config = path.join(fx.env.HOME!, '.config', 'modvault');
  await mkdir(config, { recursive: true });
  await writeFile(
    path.join(config, 'settings.json'),
    JSON.stringify({ projectRoots: [path.join(fx.root, 'projects')], ...extra }),
  );
  await giveToNobody(fx.root);
}

/** `modvault ui` as the user "nobody", owning the fixture, with the project folders set. */
export async function uiAsNobody(
  fx: GoFixture,
  extra: Record<string, unknown> = {},
): Promise<RunningUi> {
  await giveFixtureToNobody(fx, extra);
  return startUiServer(fx.env, { asNobody: true });
}

/** The module cache deleted the way a user does it: made writable, then `rm -rf`. */
export async function deleteCache(fx: GoFixture): Promise<void> {
  for (const argv of [
    ['chmod', '-R', 'u+w', fx.gomodcache],
    ['rm', '-rf', fx.gomodcache],
  ]) {
    const r = await runAsNobody(argv[0]!, argv.slice(1), fx.env);
    expect(r.code, r.stderr).toBe(0);
  }
  expect(existsSync(fx.gomodcache)).toBe(false);
}

/** The real go command, as the cache's owner, with the network (even file://) off. */
export async function goOffline(fx: GoFixture, project: string, args: string[]) {
  return runAsNobody('go', args, offline(fx.env), project);
}

/** The fixture's versions no project uses (what "unused" cleans up). */
export const UNUSED = [
  { path: 'example.com/Upper/Case', version: 'v1.0.0' },
  { path: 'example.com/lib', version: 'v1.2.0-RC.1' },
];

/** What a version is on disk: its zip and tree, the tree's files with owner and mode. */
export async function onDisk(fx: GoFixture, m: { path: string; version: string }) {
  const tree = treeDir(fx.gomodcache, m.path, m.version);
  const zip = downloadFile(fx.gomodcache, m.path, m.version, 'zip');
  if (!existsSync(tree)) return { zip: existsSync(zip), tree: null };
  const files: string[] = [];
  for (const name of (await readdir(tree, { recursive: true })).sort()) {
    const s = await stat(path.join(tree, name));
    files.push(`${name} ${s.uid} ${(s.mode & 0o777).toString(8)} ${s.size}`);
  }
  return { zip: existsSync(zip), tree: files };
}
