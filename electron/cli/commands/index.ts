import type { CliCommand } from '../command';
import { cleanCommand } from './clean';
import { doctorCommand } from './doctor';
import { envCommand } from './env';
import { projectsCommand } from './projects';
import { quarantineCommand } from './quarantine';
import { scanCommand } from './scan';
import { uiCommand } from './ui';
import { verifyCommand } from './verify';

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
];
