import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors';

/** Checksums one go.sum holds for a module version. */
export interface SumEntry {
  /** h1 of the module zip/tree ("<path> <version> h1:…"). */
  h1: string | null;
  /** h1 of the go.mod file ("<path> <version>/go.mod h1:…"). */
  modH1: string | null;
}

export interface GoSum {
  file: string;
  /** Keyed by "path@version". */
  entries: Map<string, SumEntry>;
  /** Lines that are not "<path> <version>[/go.mod] <hash>". */
  malformed: number[];
}

/** Parses go.sum text; unknown hash algorithms are kept out, as Go ignores them. */
export function parseGoSum(text: string, file = 'go.sum'): GoSum {
  const entries = new Map<string, SumEntry>();
  const malformed: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const f = line.split(/\s+/);
    if (f.length !== 3) return void malformed.push(i + 1);
    const [modPath, ver, hash] = f as [string, string, string];
    if (!hash.startsWith('h1:')) return;
    const isMod = ver.endsWith('/go.mod');
    const version = isMod ? ver.slice(0, -'/go.mod'.length) : ver;
    const key = `${modPath}@${version}`;
    const e = entries.get(key) ?? { h1: null, modH1: null };
    if (isMod) e.modH1 = hash;
    else e.h1 = hash;
    entries.set(key, e);
  });
  return { file, entries, malformed };
}

/** Reads <dir>/go.sum, or null when the project has none. */
export async function readGoSum(projectDir: string): Promise<GoSum | null> {
  const file = path.join(projectDir, 'go.sum');
  try {
    return parseGoSum(await readFile(file, 'utf8'), file);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw e;
  }
}
