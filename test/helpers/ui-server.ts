import { spawn } from 'node:child_process';
import { CLI } from './cli';

export interface RunningUi {
  url: string;
  port: number;
  token: string;
  /** Sends Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

/** Starts `modvault ui --no-open --port 0 --json` as its own process (as "nobody" on request). */
export async function startUiServer(
  env: Record<string, string>,
  opts: { asNobody?: boolean; args?: string[] } = {},
): Promise<RunningUi> {
  const argv = [
    process.execPath,
    CLI,
    'ui',
    '--no-open',
    '--port',
    '0',
    '--json',
    ...(opts.args ?? []),
  ];
  const [cmd, ...rest] = opts.asNobody
    ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv]
    : argv;
  const child = spawn(cmd!, rest, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`modvault ui exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    port: Number(u.port),
    token: u.pathname.split('/')[1]!,
    output: () => out,
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      // setpriv execs the CLI, so the pid is the CLI's own.
      child.kill('SIGINT');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      return exited.finally(() => clearTimeout(force));
    },
  };
}
