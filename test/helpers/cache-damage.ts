import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScanReport, VerifyReport } from '../../shared/dto/cache';
import { ZipReader } from '../../electron/engine/gomod/zip-reader';
import type { GoFixture } from '../fixtures/go-fixture';
import { goEscape } from '../fixtures/go-fixture';
import { go, offline } from './go';
import { runCli } from './cli';
import { removeTree } from './temp';
import { buildZip } from './zip-builder';

export interface Mod {
  path: string;
  version: string;
}

export const LIB_V1: Mod = { path: 'example.com/lib', version: 'v1.0.0' };

/** Paths in a fixture's module cache, computed with the fixture's own escaping (not the engine's). */
export function cachePaths(fx: GoFixture, m: Mod) {
  const atV = path.join(fx.gomodcache, 'cache', 'download', ...goEscape(m.path).split('/'), '@v');
  const v = goEscape(m.version);
  return {
    atV,
    file: (ext: 'zip' | 'ziphash' | 'mod' | 'info' | 'partial' | 'lock') =>
      path.join(atV, `${v}.${ext}`),
    tree: path.join(fx.gomodcache, ...`${goEscape(m.path)}@${v}`.split('/')),
  };
}

/** Deletes an extracted tree the way a user with write access would (Go makes it read-only). */
export async function deleteTree(fx: GoFixture, m: Mod): Promise<void> {
  await removeTree(cachePaths(fx, m).tree);
}

export async function deleteFile(
  fx: GoFixture,
  m: Mod,
  ext: 'zip' | 'ziphash' | 'mod',
): Promise<void> {
  await rm(cachePaths(fx, m).file(ext));
}

/** Rewrites one file of a tree in place, as an editor run by the owner would. */
export async function editTreeFile(
  fx: GoFixture,
  m: Mod,
  rel: string,
  append: string,
): Promise<void> {
  const file = path.join(cachePaths(fx, m).tree, rel);
  await chmod(path.dirname(file), 0o755);
  await chmod(file, 0o644);
  await writeFile(file, (await readFile(file, 'utf8')) + append);
}

/**
 * The module's zip with one file's content changed (names unchanged), as an attacker with
 * write access to the cache would make it.
 */
export async function tamperedZip(
  fx: GoFixture,
  m: Mod,
  rel: string,
  replace: [string, string],
): Promise<Buffer> {
  const reader = ZipReader.openSync(cachePaths(fx, m).file('zip'));
  try {
    const prefix = `${m.path}@${m.version}/`;
    const entries = reader.entries.map((e) => {
      let data = reader.readContent(e);
      if (e.name === prefix + rel) data = Buffer.from(data.toString('utf8').replace(...replace));
      return { name: e.name, data };
    });
    return buildZip({ entries }).bytes;
  } finally {
    reader.close();
  }
}

export async function scan(fx: GoFixture, args: string[] = []) {
  const res = await runCli(['scan', '--json', ...args], { env: fx.env });
  return {
    ...res,
    report: res.code === 2 ? null : res.json<ScanReport>(),
  };
}

export async function verify(fx: GoFixture, args: string[] = []) {
  const res = await runCli(['verify', '--json', ...args], { env: fx.env });
  return {
    ...res,
    report: res.code === 2 ? null : res.json<VerifyReport>(),
  };
}

/** `go build` of a fixture project with the network (and the file:// proxy) off. */
export function goBuild(fx: GoFixture, project: 'alpha' | 'beta') {
  return go(['build', '-o', '/dev/null', './...'], {
    cwd: fx.projects[project],
    env: offline(fx.env),
  });
}

export function goModVerify(fx: GoFixture, project: 'alpha' | 'beta') {
  return go(['mod', 'verify'], { cwd: fx.projects[project], env: offline(fx.env) });
}
