import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Go's module trees are read-only: make everything writable before removing it. */
export async function removeTree(dir: string): Promise<void> {
  await run('chmod', ['-R', 'u+rwx', dir]).catch(() => {});
  await rm(dir, { recursive: true, force: true });
}

/** removeTree for synchronous setup code. */
export function removeTreeSync(dir: string): void {
  try {
    execFileSync('chmod', ['-R', 'u+rwx', dir], { stdio: 'ignore' });
  } catch {
    /* nothing there */
  }
  rmSync(dir, { recursive: true, force: true });
}

/** A temporary directory removed after the test (register with onTestFinished / afterEach). */
export async function tempDir(prefix = 'modvault-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Copies a tree keeping modes and times (cp -a handles read-only directories correctly). */
export async function copyTree(from: string, to: string): Promise<void> {
  await run('cp', ['-a', from, to]);
}
