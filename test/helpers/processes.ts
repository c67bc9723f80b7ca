import { readdirSync, readFileSync } from 'node:fs';

/** Command lines of the running processes that contain `pattern` (from /proc, no pgrep needed). */
export function processesMatching(pattern: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (cmdline.includes(pattern)) out.push(cmdline);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}
