import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildGoFixture } from '../fixtures/go-fixture';
import { removeTree } from './temp';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The pristine Go fixture (module cache, proxy, projects) built with the real go command, shared
 * by every test runner (Vitest, Playwright) and reused across runs while the fixture definition
 * and the Go version are unchanged. Tests copy it; nobody writes to it.
 */
export async function ensurePristineFixture(): Promise<string> {
  const goVersion = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  const key = createHash('sha256')
    .update(readFileSync(path.join(root, 'test', 'fixtures', 'fixture-modules.ts')))
    .update(readFileSync(path.join(root, 'test', 'fixtures', 'go-fixture.ts')))
    .update(goVersion)
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(tmpdir(), `modvault-pristine-${key}`);
  if (!existsSync(path.join(dir, 'ready'))) {
    const building = `${dir}.building-${process.pid}`;
    await removeTree(building);
    await mkdir(building, { recursive: true });
    await buildGoFixture(building);
    await writeFile(path.join(building, 'ready'), goVersion);
    // Another run (a parallel worktree) may have finished the same fixture first: keep theirs.
    await rename(building, dir).catch(async (e: unknown) => {
      if (!existsSync(path.join(dir, 'ready'))) throw e;
      await removeTree(building);
    });
  }
  return dir;
}
