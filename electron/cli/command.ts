import type { JobCommandName, JobResult, CommandInput } from '../../shared/contract';
import type { ComposeOptions, Engine } from '../engine/compose';
import type { Logger } from '../engine/platform/logger';
import type { OptionSpec, OptionValues } from './args';
import type { Style } from './style';

export interface CliContext {
  /** The engine, built on first use. */
  readonly engine: Engine;
  /** A separate engine with extra ports (`ui` and `daemon` host the user's engine with it). */
  composeEngine(extra: Partial<ComposeOptions>): Engine;
  /** The command's logger (a file for the daemon, stderr with --verbose, else silent). */
  logger: Logger;
  options: OptionValues;
  positionals: string[];
  json: boolean;
  style: Style;
  /** Aborted by Ctrl-C (long-running commands stop on it). */
  signal: AbortSignal;
  /** The built renderer, for `modvault ui`. */
  rendererDir: string;
  /** Human output (stdout). */
  print(text?: string): void;
  /** Machine output: one JSON document on stdout. */
  printJson(value: unknown): void;
  /** Notes and warnings (stderr), kept out of --json output. */
  note(text: string): void;
  /** Runs a job command with a progress bar on a terminal; Ctrl-C cancels it. */
  runJob<K extends JobCommandName>(
    cmd: K,
    req: CommandInput<K>,
    label: string,
  ): Promise<JobResult<K>>;
  /** Options with string values, repeated or not, as a list. */
  list(name: string): string[];
  string(name: string): string | undefined;
  flag(name: string): boolean;
}

/** Exit codes: 0 success, 1 problems found, 2 usage or environment error. */
export type ExitCode = 0 | 1 | 2 | 130;

export interface CliCommand {
  name: string;
  /** Shown in `modvault help`. */
  summary: string;
  usage: string;
  options: OptionSpec[];
  /** Extra help text: examples and notes. */
  details?: string;
  /** Engine options of its own (the daemon logs to a file and reads the battery state). */
  engineOptions?(options: OptionValues): Pick<ComposeOptions, 'logger' | 'power'>;
  run(ctx: CliContext): Promise<ExitCode>;
}
