import { readFileSync } from 'node:fs';
import { errnoCode } from '../errors';

/**
 * Whether a process recorded in a lock file still runs: the store lock and the engine's
 * endpoint lock both decide staleness with these.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no /proc (macOS, Windows), or gone meanwhile
  }
}

export const systemProcesses = {
  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      // A zombie (ended, not yet reaped by its parent) still takes signals: it is gone all the same.
      return !isZombie(pid);
    } catch (e) {
      // EPERM: the process exists but belongs to another user.
      return errnoCode(e) === 'EPERM';
    }
  },
  processStart(pid: number): string | null {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 22 (starttime), counted after the command name, which may contain spaces.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
    } catch {
      return null;
    }
  },
};
