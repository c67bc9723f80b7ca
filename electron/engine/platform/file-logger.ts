import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { createStream } from 'rotating-file-stream';
import type { Logger, LogLevel } from './logger';

export interface FileLoggerOptions {
  file: string;
  level?: LogLevel;
  /** Size at which the file is rotated (file → file.1 → … → file.N). */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  /** A second destination for every line (the daemon also logs to stdout). */
  echo?: Writable;
  /** Stamped on every line as "scope". */
  scope?: string;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP = 3;

/**
 * The log of a long-running process (the desktop shell, the engine, the daemon): one JSON line
 * per record, written asynchronously (the event loop never waits for the disk), rotated by
 * size so a tray app running for months keeps at most (keep + 1) × maxBytes. pino formats;
 * rotating-file-stream writes and rotates.
 */
export class FileLogger implements Logger {
  private constructor(
    private readonly pino: pino.Logger,
    private readonly streams: Writable[],
  ) {}

  static open(opts: FileLoggerOptions): FileLogger {
    const dir = path.dirname(opts.file);
    mkdirSync(dir, { recursive: true });
    const base = path.basename(opts.file);
    const file = createStream((index) => (index ? `${base}.${index}` : base), {
      path: dir,
      size: `${Math.max(1, Math.ceil((opts.maxBytes ?? DEFAULT_MAX_BYTES) / 1024))}K`,
      rotate: opts.keep ?? DEFAULT_KEEP,
      mode: 0o600,
    });
    // A full or vanished disk must not take the process down with its log.
    file.on('error', () => {});
    const level = opts.level ?? 'info';
    const destinations: pino.StreamEntry[] = [{ stream: file, level }];
    if (opts.echo) destinations.push({ stream: opts.echo, level });
    const logger = pino(
      {
        level,
        base: opts.scope ? { scope: opts.scope } : undefined,
        messageKey: 'msg',
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.multistream(destinations),
    );
    return new FileLogger(logger, [file]);
  }

  /** A logger for one part of the process; its lines carry `scope`. */
  scope(name: string): FileLogger {
    return new FileLogger(this.pino.child({ scope: name }), []);
  }

  debug(msg: string, data?: Record<string, unknown>): void {
    this.pino.debug(data ?? {}, msg);
  }
  info(msg: string, data?: Record<string, unknown>): void {
    this.pino.info(data ?? {}, msg);
  }
  warn(msg: string, data?: Record<string, unknown>): void {
    this.pino.warn(data ?? {}, msg);
  }
  error(msg: string, data?: Record<string, unknown>): void {
    this.pino.error(data ?? {}, msg);
  }

  /** Writes what is queued and closes the file (at exit). */
  async close(): Promise<void> {
    await Promise.all(
      this.streams.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.writableEnded) return resolve();
            s.end(() => resolve());
            setTimeout(resolve, 2000).unref();
          }),
      ),
    );
  }
}
