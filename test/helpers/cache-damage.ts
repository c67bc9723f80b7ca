import { copyFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { h1FromDigests, sha256Hex } from '../../electron/engine/gomod/h1';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import { goEscape, writeProxy } from '../fixtures/go-fixture';
import { removeTree } from './temp';

/** cache/download/<esc path>/@v/<esc version>.<ext> in a fixture module cache. */
export function downloadFile(
  gomodcache: string,
  modPath: string,
  version: string,
  ext: string,
): string {
  return path.join(
    gomodcache,
    'cache',
    'download',
    ...goEscape(modPath).split('/'),
    '@v',
    `${goEscape(version)}.${ext}`,
  );
}

export function treeDir(gomodcache: string, modPath: string, version: string): string {
  return path.join(gomodcache, ...`${goEscape(modPath)}@${goEscape(version)}`.split('/'));
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
