import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
export const CLI = path.join(root, 'dist', 'node', 'cli.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = unknown>(): T;
}

export interface CliOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Run as the unprivileged user "nobody": root ignores file permissions and hides bugs. */
  asNobody?: boolean;
  /** Kill the process after this many ms (for crash tests). */
  killAfterMs?: number;
  input?: string;
}

/** Runs the bundled `modvault` CLI as a separate process, as a user would. */
export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const argv = [process.execPath, CLI, ...args];
  const [cmd, ...rest] = opts.asNobody
    ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv]
    : argv;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, rest, {
      cwd: opts.cwd ?? root,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(opts.input ?? '');
    const timer =
      opts.killAfterMs !== undefined
        ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs)
        : null;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`not JSON (exit ${code}):\n${stdout}\n${stderr}`);
          }
        },
      });
    });
  });
}
