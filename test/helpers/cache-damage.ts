import { copyFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ScanReport, VerifyReport } from '../../shared/dto/cache';
import { h1FromDigests, sha256Hex } from '../../electron/engine/gomod/h1';
import { ZipReader } from '../../electron/engine/gomod/zip-reader';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import type { GoFixture } from '../fixtures/go-fixture';
import { goEscape, writeProxy } from '../fixtures/go-fixture';
import { go, offline } from './go';
import { runCli } from './cli';
import { removeTree } from './temp';
import { buildZip } from './zip-builder';

export interface Mod {
  path: string;
  version: string;
}

export const LIB_V1: Mod = { path: 'example.com/lib', version: 'v1.0.0' };

/** Paths in a module cache, computed with the fixture's own escaping (not the engine's). */
function cacheLocations(gomodcache: string, m: Mod) {
  const atV = path.join(gomodcache, 'cache', 'download', ...goEscape(m.path).split('/'), '@v');
  const v = goEscape(m.version);
  return {
    atV,
    file: (ext: string) => path.join(atV, `${v}.${ext}`),
    tree: path.join(gomodcache, ...`${goEscape(m.path)}@${v}`.split('/')),
  };
}

export function cachePaths(fx: GoFixture, m: Mod) {
  return cacheLocations(fx.gomodcache, m);
}

/** cache/download/<esc path>/@v/<esc version>.<ext> in a module cache. */
export function downloadFile(
  gomodcache: string,
  modPath: string,
  version: string,
  ext: string,
): string {
  return cacheLocations(gomodcache, { path: modPath, version }).file(ext);
}

export function treeDir(gomodcache: string, modPath: string, version: string): string {
  return cacheLocations(gomodcache, { path: modPath, version }).tree;
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

/**
 * Replaces a version's zip with one whose `file` holds other bytes, as an attacker or a broken
 * disk would; returns the h1 of the tampered zip (to write a matching .ziphash, if wanted).
 */
export async function tamperZip(
  gomodcache: string,
  modPath: string,
  version: string,
  file: string,
): Promise<string> {
  const m = FIXTURE_MODULES.find((x) => x.path === modPath && x.version === version)!;
  const files = { ...m.files, [file]: `${String(m.files[file] ?? '')}\n// tampered\n` };
  const dir = await mkdtemp(path.join(tmpdir(), 'modvault-tamper-'));
  try {
    await writeProxy(dir, [{ ...m, files }]);
    const zip = path.join(dir, ...goEscape(modPath).split('/'), '@v', `${goEscape(version)}.zip`);
    const target = downloadFile(gomodcache, modPath, version, 'zip');
    copyFileSync(zip, target);
    return h1FromDigests(
      Object.entries(files).map(([name, content]) => ({
        name: `${modPath}@${version}/${name}`,
        sha256: sha256Hex(typeof content === 'string' ? content : content),
      })),
    );
  } finally {
    await removeTree(dir);
  }
}
