import { homedir } from 'node:os';
import path from 'node:path';
import { renameSync, statSync } from 'node:fs';
import { appDirs } from '../../engine/platform/app-paths';
import { goosOf } from '../../engine/toolchain/go-defaults';

/** A log past this size is moved to daemon.log.1 when the daemon starts. */
const ROTATE_BYTES = 10 * 1024 * 1024;

/** ModVault's own folders for this user (the engine is not composed yet when the log opens). */
function userAppDirs() {
  return appDirs({
    goos: goosOf(process.platform),
    env: process.env,
    home: homedir(),
    path: process.platform === 'win32' ? path.win32 : path.posix,
  });
}

/** The daemon's log: --log FILE, else logs/daemon.log beside the desktop app's log. */
export function daemonLogFile(option: string | undefined): string {
  return option ? path.resolve(option) : path.join(userAppDirs().configDir, 'logs', 'daemon.log');
}

/** Keeps one old log: a daemon running for months must not fill the disk with its log. */
export function rotateLog(file: string): void {
  try {
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > ROTATE_BYTES)
      renameSync(file, `${file}.1`);
  } catch {
    /* an unrotatable log is still appended to */
  }
}
