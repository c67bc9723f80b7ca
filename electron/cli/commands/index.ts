import type { CliCommand } from '../command';
import { envCommand } from './env';
import { projectsCommand } from './projects';
import { scanCommand } from './scan';
import { snapshotCommand } from './snapshot';
import { snapshotsCommand } from './snapshots';
import { forgetCommand } from './forget';
import { pruneCommand } from './prune';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { importCommand } from './import';
import { verifyCommand } from './verify';

/** Every CLI command, in the order `modvault help` lists them. */
export const cliCommands: CliCommand[] = [
  envCommand,
  scanCommand,
  verifyCommand,
  projectsCommand,
  snapshotCommand,
  snapshotsCommand,
  forgetCommand,
  pruneCommand,
  checkCommand,
  diffCommand,
  exportCommand,
  importCommand,
];
