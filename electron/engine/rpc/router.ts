import { z } from 'zod';
import type { CommandName, CommandOutput, ParsedInput } from '../../../shared/contract';
import { commands, isCommandName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { toAppError } from '../errors';
import type { CrashGuard } from '../platform/crash-guard';
import type { Logger } from '../platform/logger';

export interface CallContext {
  /** Which transport the call came through (for logs and audit). */
  origin: 'cli' | 'ipc' | 'ws' | 'internal';
}

export type Handler<K extends CommandName> = (
  req: ParsedInput<K>,
  ctx: CallContext,
) => Promise<CommandOutput<K>> | CommandOutput<K>;

/** One handler per contract command: a missing one is a compile error in compose.ts. */
export type Handlers = { [K in CommandName]: Handler<K> };
export type HandlerGroup<K extends CommandName> = { [P in K]: Handler<P> };

/** Validates a request against the contract, dispatches it, and wraps the outcome in a Result. */
export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly logger: Logger,
    /** Fails the one call whose callbacks throw where nothing catches (not the process). */
    private readonly crashGuard?: CrashGuard,
  ) {}

  async call(cmd: unknown, req: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (!isCommandName(cmd)) {
      return fail({
        code: 'UNKNOWN_COMMAND',
        message: `Unknown command: ${String(cmd).slice(0, 80)}`,
      });
    }
    const parsed = commands[cmd].input.safeParse(req ?? {});
    if (!parsed.success) {
      return fail({
        code: 'INVALID_INPUT',
        message: `Invalid request for ${cmd}: ${z.prettifyError(parsed.error)}`,
      });
    }
    try {
      const handler = this.handlers[cmd] as (req: unknown, ctx: CallContext) => unknown;
      return ok(await this.guarded(cmd, () => handler(parsed.data, ctx)));
    } catch (e) {
      const error = toAppError(e);
      if (error.code === 'INTERNAL')
        this.logger.error('command failed', { cmd, error: String((e as Error)?.stack ?? e) });
      return fail(error);
    }
  }

  private guarded(cmd: string, run: () => unknown): Promise<unknown> {
    const guard = this.crashGuard;
    if (!guard) return Promise.resolve(run());
    return new Promise((resolve, reject) => {
      guard.run({ name: `call ${cmd}`, fail: reject }, () =>
        Promise.resolve().then(run).then(resolve, reject),
      );
    });
  }
}
