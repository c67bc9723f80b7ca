import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  writeSync,
} from 'node:fs';
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
 * is already right (a few tiny calls, made synchronously). The caller holds the list's lock.
 * Returns whether the file changed.
 */
export function rewriteVersionList(atVDir: string): boolean {
  const want = Buffer.from(versionListText(readdirSync(atVDir)));
  const fd = openSync(path.join(atVDir, 'list'), constants.O_RDWR | constants.O_CREAT, 0o666);
  try {
    const { size } = fstatSync(fd);
    if (size === want.length) {
      const old = Buffer.alloc(size);
      if (readSync(fd, old, 0, size, 0) === size && old.equals(want)) return false;
    }
    // Zero-filled first, so an interrupted write leaves NULs Go can recognise, as Go does.
    ftruncateSync(fd, 0);
    ftruncateSync(fd, want.length);
    for (let done = 0; done < want.length;)
      done += writeSync(fd, want, done, want.length - done, done);
    return true;
  } finally {
    closeSync(fd);
  }
}
