import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export interface EntryState {
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  size: number;
  sha256: string | null;
}

/**
 * Every entry under `root` with its type, permission bits and content hash — to prove that an
 * undo or a restore gives back exactly what was there (bytes and modes). Run as root, so even
 * read-only trees can be listed.
 */
export function treeSnapshot(
  root: string,
  skip: (rel: string) => boolean = () => false,
): Map<string, EntryState> {
  const out = new Map<string, EntryState>();
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (skip(r)) continue;
      const st = lstatSync(full);
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        out.set(r, { type: 'dir', mode, size: 0, sha256: null });
        walk(full, r);
      } else if (st.isSymbolicLink()) {
        out.set(r, { type: 'symlink', mode, size: 0, sha256: readlinkSync(full) });
      } else {
        const sha256 = createHash('sha256').update(readFileSync(full)).digest('hex');
        out.set(r, { type: 'file', mode, size: st.size, sha256 });
      }
    }
  };
  walk(root, '');
  return out;
}
