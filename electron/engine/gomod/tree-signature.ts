import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A fingerprint of an extracted tree from stat calls alone: every entry's name, type, size,
 * mode, inode, mtime and ctime (nanoseconds). Any edit changes it — an editor that writes a new
 * file changes the inode, one that rewrites in place the times, and ctime cannot be set back
 * (`touch -r` restores only mtime). Computing it costs one readdir per folder and one lstat
 * per entry; hashing the tree costs reading every byte.
 */
export function treeSignature(dir: string): string {
  const hash = createHash('sha256');
  const walk = (full: string, rel: string) => {
    for (const name of readdirSync(full).sort()) {
      const child = path.join(full, name);
      const st = lstatSync(child, { bigint: true });
      const r = rel ? `${rel}/${name}` : name;
      hash.update(
        `${r}\0${st.isDirectory() ? 'd' : 'f'}\0${st.size}\0${st.mode}\0${st.ino}\0${st.mtimeNs}\0${st.ctimeNs}\n`,
      );
      if (st.isDirectory()) walk(child, r);
    }
  };
  const root = lstatSync(dir, { bigint: true });
  hash.update(`.\0${root.mode}\0${root.ino}\0${root.ctimeNs}\n`);
  walk(dir, '');
  return hash.digest('base64url');
}
