import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Measurement {
  seconds: number;
  /** Peak resident memory of the process (all its threads), in MiB. */
  maxRssMb: number;
  /** User + system CPU time of the process and the children it waited for (GNU time). */
  cpuSeconds: number;
  /** The machine's 1-minute load average when the run ended (the VM is shared: noise). */
  load: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const GNU_TIME = '/usr/bin/time';

/** VmHWM from /proc: the high-water mark of resident memory, for when GNU time is missing. */
function readHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a command once, measuring wall time and peak RSS. */
export function measure(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measurement> {
  const useTime = existsSync(GNU_TIME);
  const [bin, argv] = useTime
    ? [GNU_TIME, ['-f', '__MAXRSS_KB=%M __CPU_S=%U+%S', cmd, ...args]]
    : [cmd, args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(bin, argv, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hwm = 0;
    const poll = useTime ? null : setInterval(() => (hwm = Math.max(hwm, readHwm(child.pid!))), 20);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const m = /__MAXRSS_KB=(\d+) __CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        seconds,
        maxRssMb: m ? Number(m[1]) / 1024 : hwm,
        cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
        load: loadavg()[0]!,
        code,
        stdout,
        stderr: stderr.replace(/__MAXRSS_KB=\d+ __CPU_S=\S+\n?/, ''),
      });
    });
  });
}

export interface Contender extends RunOptions {
  cmd: string;
  args: string[];
  before?: () => Promise<void>;
}

function checked(c: Contender, m: Measurement): Measurement {
  if (m.code !== 0 && m.code !== 1)
    throw new Error(
      `${c.cmd} ${c.args.join(' ')} exited with ${m.code}:\n${m.stderr.slice(-2000)}`,
    );
  return m;
}

/** The median time of several runs (and the largest peak memory). */
function median(all: Measurement[]): Measurement {
  const sorted = [...all].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const cpu = all.map((m) => m.cpuSeconds).sort((a, b) => a - b);
  return {
    ...mid,
    cpuSeconds: cpu[Math.floor(cpu.length / 2)]!,
    maxRssMb: Math.max(...all.map((m) => m.maxRssMb)),
  };
}

/** Runs a command `runs` times and keeps the median time (and the largest peak memory). */
export async function measureMedian(
  cmd: string,
  args: string[],
  opts: RunOptions & { runs: number; before?: () => Promise<void> },
): Promise<Measurement> {
  return (await measureInterleaved({ only: { cmd, args, ...opts } }, opts.runs)).only!;
}

/**
 * Runs several commands in turn, `runs` rounds, and keeps each one's median. Interleaving gives
 * every contender the same conditions: on a VM disk, writing gigabytes slows the next writer
 * down, so measuring one tool's runs after the other's favours whichever went first.
 */
export async function measureInterleaved<K extends string>(
  contenders: Record<K, Contender>,
  runs: number,
): Promise<Record<K, Measurement>> {
  const names = Object.keys(contenders) as K[];
  const all = new Map<K, Measurement[]>(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++)
    for (const n of names) {
      const c = contenders[n];
      await c.before?.();
      all.get(n)!.push(checked(c, await measure(c.cmd, c.args, c)));
    }
  return Object.fromEntries(names.map((n) => [n, median(all.get(n)!)])) as Record<K, Measurement>;
}
