import type { Logger } from './logger';

export interface UncaughtGuardOptions {
  logger: Logger;
  /** Which process, for the log ("desktop shell", "engine"). */
  process: string;
  /** Told about each one after it is logged (the shell shows the first to the user). */
  onError?(error: unknown, kind: 'uncaughtException' | 'unhandledRejection'): void;
}

/**
 * A long-running process (the desktop shell, the engine) survives an error nothing caught: it
 * is logged with its stack and the process goes on. Work that failed this way is a job, and a
 * job reports its own failure; the tray, the window and the other jobs keep running.
 */
export function guardUncaught(opts: UncaughtGuardOptions): () => void {
  const handle = (kind: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    try {
      opts.logger.error(`${kind} in the ${opts.process}`, {
        error: String((error as Error)?.stack ?? error),
      });
      opts.onError?.(error, kind);
    } catch {
      /* the guard itself must never throw */
    }
  };
  const onException = handle('uncaughtException');
  const onRejection = handle('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
