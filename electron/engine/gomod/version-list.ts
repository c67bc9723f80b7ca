import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isCanonicalModuleVersion, sortVersions } from './semver';

/**
 * The `list` file's content as Go's rewriteVersionList computes it from an @v folder's names:
 * every "<v>.mod" whose (escaped) name is a canonical version, semver-sorted, one per line.
 * Escaped upper-case versions ("v1.2.0-!r!c.1") are not canonical, so Go leaves them out: so do we.
 */
export function versionListText(names: readonly string[]): string {
  const versions = names
    .filter((n) => n.endsWith('.mod'))
    .map((n) => n.slice(0, -'.mod'.length))
    .filter((v) => v !== '' && isCanonicalModuleVersion(v));
  return sortVersions(versions)
    .map((v) => `${v}\n`)
    .join('');
}

/**
 * Rewrites <@v>/list in place like Go (truncate, reserve, write), leaving it untouched when it
 * is already right. The caller holds the list's lock. Returns whether the file changed.
 */
export async function rewriteVersionList(atVDir: string): Promise<boolean> {
  const text = versionListText(await readdir(atVDir));
  const fh = await open(path.join(atVDir, 'list'), constants.O_RDWR | constants.O_CREAT, 0o666);
  try {
    const want = Buffer.from(text);
    const { size } = await fh.stat();
    if (size === want.length) {
      const old = Buffer.alloc(size);
      await fh.read(old, 0, size, 0);
      if (old.equals(want)) return false;
    }
    // Zero-filled first, so an interrupted write leaves NULs Go can recognise, as Go does.
    await fh.truncate(0);
    await fh.truncate(want.length);
    await fh.write(want, 0, want.length, 0);
    return true;
  } finally {
    await fh.close();
  }
}
