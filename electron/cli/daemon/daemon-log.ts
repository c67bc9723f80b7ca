import path from 'node:path';
import { processAppDirs } from '../../engine/platform/app-paths';

/** The daemon's log: --log FILE, else logs/daemon.log beside the desktop app's log. */
export function daemonLogFile(option: string | undefined): string {
  return option
    ? path.resolve(option)
    : path.join(processAppDirs().configDir, 'logs', 'daemon.log');
}
