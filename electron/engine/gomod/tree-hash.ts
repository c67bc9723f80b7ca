import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import type { FileDigest } from './h1';
import { h1FromDigests } from './h1';
import type { ScratchBuffer } from '../platform/scratch-buffer';

export interface TreeFile extends FileDigest {
  size: number;
  mode: number;
}

export interface TreeHashResult {
  h1: string;
  files: TreeFile[];
  bytes: number;
}

/** Lists files as filepath.Walk does: lexical order, directories entered, everything else a file. */
export function listTreeFiles(dir: string): { rel: string; full: string }[] {
  const out: { rel: string; full: string }[] = [];
  const walk = (full: string, rel: string) => {
    const names = readdirSync(full).sort();
    for (const name of names) {
      const childFull = path.join(full, name);
      const childRel = rel ? `${rel}/${name}` : name;
      if (lstatSync(childFull).isDirectory()) walk(childFull, childRel);
      else out.push({ rel: childRel, full: childFull });
    }
  };
  walk(dir, '');
  return out;
}

/** SHA-256 and size of a file (symlinks followed, as os.Open does in Go). */
function fileSha256(
  full: string,
  scratchBuffer: ScratchBuffer,
): { sha256: string; size: number; mode: number } {
  const fd = openSync(full, 'r');
  try {
    const st = fstatSync(fd);
    const hash = createHash('sha256');
    const scratch = scratchBuffer.get(1);
    let size = 0;
    for (let n; (n = readSync(fd, scratch, 0, scratch.length, null)) > 0; size += n)
      hash.update(scratch.subarray(0, n));
    return { sha256: hash.digest('hex'), size, mode: st.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}

/** dirhash.HashDir(dir, "<path>@<version>", Hash1) — the h1 of an extracted module tree. */
export async function hashTree(
  dir: string,
  prefix: string,
  scratch: ScratchBuffer,
): Promise<TreeHashResult> {
  const files: TreeFile[] = [];
  let bytes = 0;
  for (const { rel, full } of listTreeFiles(dir)) {
    const f = fileSha256(full, scratch);
    files.push({ name: `${prefix}/${rel}`, ...f });
    bytes += f.size;
  }
  return { h1: h1FromDigests(files), files, bytes };
}
