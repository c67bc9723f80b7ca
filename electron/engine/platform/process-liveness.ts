import { readFileSync } from 'node:fs';
import { errnoCode } from '../errors';

/**
 * Whether a process recorded in a lock file still runs: the store lock and the engine's
 * endpoint lock both decide staleness with these.
 */
export const systemProcesses = {
  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
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
