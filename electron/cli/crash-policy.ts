import type { CrashPolicy } from '../engine/platform/crash-guard';
import type { Logger } from '../engine/platform/logger';

/**
 * How the `modvault` process treats an error that escaped every catch: one line on stderr
 * (the stack only with --verbose, and in the engine's log), then a command ends with exit
 * code 2 while a server (`modvault ui`, `modvault daemon`) fails only the job or call it
 * happened in and keeps serving.
 */
export class CliCrashPolicy implements CrashPolicy {
  unowned: 'exit' | 'stay' = 'exit';
  readonly exitCode = 2;
  verbose = false;
  logger: Logger | null = null;

  constructor(private readonly stderr: (text: string) => void) {}

  /** A server: errors no job owns are logged, and it stays up. */
  serve(): void {
    this.unowned = 'stay';
  }

  report(e: unknown, where: { origin: string; scope: string | null }): void {
    const message = e instanceof Error ? e.message : String(e);
    const stack = e instanceof Error ? (e.stack ?? message) : message;
    this.logger?.error('uncaught error', { ...where, error: stack });
    const what = where.scope
      ? `${where.scope} failed`
      : this.unowned === 'stay'
        ? 'still running'
        : 'stopping';
    this.stderr(`modvault: unexpected error (${what}): ${message}\n`);
    if (this.verbose) this.stderr(`${stack}\n`);
  }
}
