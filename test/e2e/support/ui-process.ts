import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(root, 'dist', 'node', 'cli.mjs');

export interface UiProcess {
  /** The URL `modvault ui` printed: http://127.0.0.1:PORT/TOKEN/ */
  url: string;
  origin: string;
  port: number;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the real `modvault ui --no-open --port 0 --json` and waits for the URL it prints. */
export async function startUi(
  env: Record<string, string>,
  args: string[] = [],
): Promise<UiProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [CLI, 'ui', '--no-open', '--port', '0', '--json', ...args],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`modvault ui did not start:\n${out}\n${err}`)),
      20_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`modvault ui exited with ${code}:\n${out}\n${err}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    port: Number(u.port),
    token: u.pathname.split('/')[1]!,
    output: () => out + err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
