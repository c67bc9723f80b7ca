import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Tests that drop to "nobody" need root to do so (setpriv, chown); elsewhere they are reported
 * as skipped rather than failing. CI runs as root.
 */
export const canDropPrivileges = process.getuid?.() === 0;

/** Hands a tree to "nobody" so an unprivileged process can own it like a real user's cache. */
export async function giveToNobody(dir: string): Promise<void> {
  await run('chown', ['-R', 'nobody:nogroup', dir]);
}

/** Runs a command as "nobody" (setpriv), for tests that must not enjoy root's permissions. */
export async function runAsNobody(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', cmd, ...args],
      { env, cwd, maxBuffer: 64 * 1024 * 1024 },
    );
    return { ...r, code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    return {
      stdout: x.stdout ?? '',
      stderr: x.stderr ?? '',
      code: typeof x.code === 'number' ? x.code : 1,
    };
  }
}
