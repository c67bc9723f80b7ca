import path from 'node:path';
import type { ZipEntry } from './zip-index';
import { strToFold } from './case-fold';
import { filePathProblem } from './escape';
import type { ModuleVersion } from './layout';
import { CacheLayout } from './layout';

export const MAX_ZIP_FILE = 500 << 20;
const MAX_GO_MOD = 16 << 20;
const MAX_LICENSE = 16 << 20;

type Collisions = Map<string, { path: string; isDir: boolean }>;

/** x/mod/zip collisionChecker.check: registers p and, recursively, its parent directories. */
function checkCollision(seen: Collisions, p: string, isDir: boolean): string | null {
  const fold = strToFold(p);
  const other = seen.get(fold);
  if (other) {
    if (other.path !== p) return `case-insensitive file name collision: "${other.path}" and "${p}"`;
    if (other.isDir !== isDir) return `entry "${p}" is both a file and a directory`;
    if (!isDir) return `multiple entries for file "${p}"`;
  } else {
    seen.set(fold, { path: p, isDir });
  }
  const parent = path.posix.dirname(p);
  return parent === '.' ? null : checkCollision(seen, parent, true);
}

/**
 * The checks Go applies to a module zip before extracting it (x/mod/zip checkZip): every name
 * under "<path>@<version>/", clean and valid, no case-insensitive collisions, a go.mod only at
 * the root, total size within 500 MiB. Returns one message per problem; empty means valid.
 */
export function moduleZipProblems(entries: readonly ZipEntry[], m: ModuleVersion): string[] {
  const problems: string[] = [];
  const prefix = CacheLayout.zipPrefix(m);
  const seen: Collisions = new Map();
  let total = 0;
  for (const e of entries) {
    if (!e.nameIsUtf8) {
      problems.push(`${JSON.stringify(e.name)}: name is not valid UTF-8`);
      continue;
    }
    if (!e.name.startsWith(prefix)) {
      problems.push(`${e.name}: path does not have prefix "${prefix}"`);
      continue;
    }
    let name = e.name.slice(prefix.length);
    if (name === '') continue;
    const isDir = name.endsWith('/');
    if (isDir) name = name.slice(0, -1);
    if (
      path.posix.normalize(name) !== name ||
      name.startsWith('/') ||
      name === '.' ||
      name.startsWith('../')
    ) {
      problems.push(`${e.name}: file path is not clean`);
      continue;
    }
    const problem = filePathProblem(name);
    if (problem) {
      problems.push(`${e.name}: ${problem}`);
      continue;
    }
    // Case-insensitive collisions break extraction on macOS and Windows.
    const collision = checkCollision(seen, name, isDir);
    if (collision) {
      problems.push(`${e.name}: ${collision}`);
      continue;
    }
    if (isDir) continue;
    const base = path.posix.basename(name);
    if (base.toLowerCase() === 'go.mod') {
      if (base !== name) problems.push(`${e.name}: go.mod file not in module root directory`);
      else if (name !== 'go.mod') problems.push(`${e.name}: go.mod file has the wrong case`);
    }
    total += e.size;
    if (name === 'go.mod' && e.size > MAX_GO_MOD) problems.push(`${e.name}: go.mod file too large`);
    if (name === 'LICENSE' && e.size > MAX_LICENSE)
      problems.push(`${e.name}: LICENSE file too large`);
  }
  if (total > MAX_ZIP_FILE)
    problems.push(`total uncompressed size ${total} exceeds the 500 MiB module limit`);
  return problems;
}
