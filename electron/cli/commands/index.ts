import type { CliCommand } from '../command';
import { cleanCommand } from './clean';
import { doctorCommand } from './doctor';
import { envCommand } from './env';
import { projectsCommand } from './projects';
import { quarantineCommand } from './quarantine';
import { scanCommand } from './scan';
import { uiCommand } from './ui';
import { snapshotCommand } from './snapshot';
import { snapshotsCommand } from './snapshots';
import { forgetCommand } from './forget';
import { pruneCommand } from './prune';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { importCommand } from './import';
import { verifyCommand } from './verify';
import { scheduleCommand } from './schedule';
import { daemonCommand } from './daemon';
import { restoreCommand } from './restore';
import { serveCommand } from './serve';
import { demoCommand } from './demo';
import { remoteCommand } from './remote';
import { pushCommand } from './push';
import { publishCommand } from './publish';
import { storeCommand } from './store';

/** Every CLI command, in the order `modvault help` lists them. */
export const cliCommands: CliCommand[] = [
  envCommand,
  scanCommand,
  verifyCommand,
  projectsCommand,
  cleanCommand,
  quarantineCommand,
  doctorCommand,
  uiCommand,
  snapshotCommand,
  snapshotsCommand,
  forgetCommand,
  pruneCommand,
  checkCommand,
  diffCommand,
  exportCommand,
  importCommand,
  restoreCommand,
  serveCommand,
  scheduleCommand,
  daemonCommand,
  demoCommand,
  remoteCommand,
  pushCommand,
  publishCommand,
  storeCommand,
];
