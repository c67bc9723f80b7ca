import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import type { FileDigest } from './h1';
import { h1FromDigests } from './h1';
import type { ScratchBuffer } from '../platform/scratch-buffer';
import { TOOLCHAIN_MODULE } from './layout';
import { derivedGoModOf } from './toolchain-module';

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

/**
 * dirhash.HashDir(dir, "<path>@<version>", Hash1) — the h1 of an extracted module tree. A Go
 * toolchain's tree is hashed as it was extracted: the go.mod copies Go writes beside each
 * _go.mod on first use (same contents) are not part of the module.
 */
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
  const kept = prefix.startsWith(`${TOOLCHAIN_MODULE}@`)
    ? withoutDerivedGoMods(files, prefix)
    : files;
  if (kept !== files) bytes = kept.reduce((n, f) => n + f.size, 0);
  return { h1: h1FromDigests(kept), files: kept, bytes };
}

function withoutDerivedGoMods(files: TreeFile[], prefix: string): TreeFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const derived = new Set<string>();
  for (const f of files) {
    const goMod = derivedGoModOf(f.name.slice(prefix.length + 1));
    const copy = goMod === null ? undefined : byName.get(`${prefix}/${goMod}`);
    if (copy && copy.sha256 === f.sha256) derived.add(copy.name);
  }
  return derived.size ? files.filter((f) => !derived.has(f.name)) : files;
}
