import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GoResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real go command; a non-zero exit is a result, not an exception. */
export async function go(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<GoResult> {
  try {
    const r = await run('go', args, { ...opts, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof x.code !== 'number') throw e;
    return { code: x.code, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** The fixture environment with the network (even the file:// proxy) switched off. */
export function offline(env: Record<string, string>): Record<string, string> {
  return { ...env, GOPROXY: 'off' };
}
