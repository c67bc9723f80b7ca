import { spawn } from 'node:child_process';
import { CLI } from './cli';

export type LogLine = Record<string, unknown> & { msg: string; time: string };

export interface RunningDaemon {
  /** The JSON log lines printed so far. */
  lines: LogLine[];
  /** Resolves with the first line (from `from` on) matching, or fails after `timeoutMs`. */
  waitFor(pred: (l: LogLine) => boolean, timeoutMs: number, from?: number): Promise<LogLine>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  output(): string;
}

/** Starts `modvault daemon` as its own process (as "nobody" on request), reading its JSON log. */
export function startDaemon(
  env: Record<string, string>,
  opts: { args?: string[]; asNobody?: boolean } = {},
): RunningDaemon {
  const argv = [process.execPath, CLI, 'daemon', ...(opts.args ?? [])];
  const [cmd, ...rest] = opts.asNobody
    ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv]
    : argv;
  const child = spawn(cmd!, rest, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  let out = '';
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as LogLine);
      } catch {
        /* not a log line */
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    lines,
    output: () => out,
    waitFor(pred, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const look = () => {
          const hit = lines.slice(from).find(pred);
          if (hit) return resolve(hit);
          if (child.exitCode !== null) return reject(new Error(`daemon exited:\n${out}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`nothing matched within ${timeoutMs} ms:\n${out}`));
          setTimeout(look, 25);
        };
        look();
      });
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
