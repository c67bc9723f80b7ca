import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One running process as the OS shows it; env is known only where the OS lets us read it. */
export interface RawProcess {
  pid: number;
  /** Executable name without directory or ".exe". */
  name: string;
  command: string;
  uid: number | null;
  env: Record<string, string> | null;
}

export interface ProcessLister {
  list(): Promise<RawProcess[]>;
}

const baseName = (exe: string) => path.basename(exe.replace(/\\/g, '/')).replace(/\.exe$/i, '');

/** Linux: /proc/<pid>/{comm,cmdline,environ}; environ is readable for our own processes only. */
export class ProcLister implements ProcessLister {
  constructor(
    private readonly procDir = '/proc',
    private readonly interesting: (name: string) => boolean = () => true,
  ) {}

  async list(): Promise<RawProcess[]> {
    const out: RawProcess[] = [];
    for (const entry of await readdir(this.procDir)) {
      if (!/^\d+$/.test(entry)) continue;
      const dir = path.join(this.procDir, entry);
      // Processes end while we look: whatever vanished is simply not running any more.
      const name = (await readFile(path.join(dir, 'comm'), 'utf8').catch(() => '')).trim();
      if (!name || !this.interesting(name)) continue;
      const cmdline = await readFile(path.join(dir, 'cmdline'), 'utf8').catch(() => '');
      const uid = await stat(dir).then(
        (s) => s.uid,
        () => null,
      );
      const environ = await readFile(path.join(dir, 'environ'), 'utf8').catch(() => null);
      out.push({
        pid: Number(entry),
        name,
        command: cmdline.split('\0').filter(Boolean).join(' ') || name,
        uid,
        env: environ === null ? null : parseEnviron(environ),
      });
    }
    return out;
  }
}

function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of text.split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}

/** macOS and other Unixes: `ps -A -o pid= -o uid= -o comm=` (comm may hold spaces). */
export function parsePs(text: string): RawProcess[] {
  const out: RawProcess[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    out.push({
      pid: Number(m[1]),
      uid: Number(m[2]),
      name: baseName(m[3]!),
      command: m[3]!,
      env: null,
    });
  }
  return out;
}

/** Windows: `tasklist /fo csv /nh` → "Image Name","PID","Session Name","Session#","Mem Usage". */
export function parseTasklist(text: string): RawProcess[] {
  const out: RawProcess[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cells = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    if (cells.length < 2 || !/^\d+$/.test(cells[1]!)) continue;
    out.push({
      pid: Number(cells[1]),
      name: baseName(cells[0]!),
      command: cells[0]!,
      uid: null,
      env: null,
    });
  }
  return out;
}

export class CommandLister implements ProcessLister {
  constructor(private readonly platform: NodeJS.Platform) {}

  async list(): Promise<RawProcess[]> {
    if (this.platform === 'win32') {
      const { stdout } = await run('tasklist', ['/fo', 'csv', '/nh'], { windowsHide: true });
      return parseTasklist(stdout);
    }
    const { stdout } = await run('ps', ['-A', '-o', 'pid=', '-o', 'uid=', '-o', 'comm=']);
    return parsePs(stdout);
  }
}

export function processListerFor(
  platform: NodeJS.Platform,
  interesting: (name: string) => boolean,
): ProcessLister {
  return platform === 'linux' ? new ProcLister('/proc', interesting) : new CommandLister(platform);
}
