import type { z } from 'zod';
import type { JobStarted } from '../dto/jobs';
import { cleanCommands } from './clean';
import { coreCommands } from './core';
import { doctorCommands } from './doctor';
import { appCommands } from './app';
import { cacheResultCommands } from './cache-results';
import { gocacheCommands } from './gocache';
import { settingsCommands } from './settings';
import { storeCommands } from './store';
import { scheduleCommands } from './schedule';
import { restoreCommands } from './restore';
import { demoCommands } from './demo';
import { remoteCommands } from './remote';
export type { EventMap, EventName } from './events';
export { EVENT_NAMES } from './events';

/** Every command the engine answers. Each domain declares its own table; this merges them. */
export const commands = {
  ...coreCommands,
  ...cleanCommands,
  ...doctorCommands,
  ...settingsCommands,
  ...appCommands,
  ...gocacheCommands,
  ...cacheResultCommands,
  ...storeCommands,
  ...scheduleCommands,
  ...restoreCommands,
  ...demoCommands,
  ...remoteCommands,
};

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

/** What a caller sends (defaults not yet applied). */
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
/** What the command answers: its value for a query, the job id for a job. */
export type CommandOutput<K extends CommandName> = Commands[K] extends {
  readonly __output?: (o: infer O) => unknown;
}
  ? O
  : JobStarted;
/** What a job command's job produces when it succeeds. */
export type JobResult<K extends CommandName> = Commands[K] extends {
  readonly __result?: (o: infer O) => unknown;
}
  ? O
  : never;
export type JobCommandName = {
  [K in CommandName]: Commands[K]['kind'] extends 'job' ? K : never;
}[CommandName];
export type QueryCommandName = Exclude<CommandName, JobCommandName>;
