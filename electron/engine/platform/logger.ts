export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

/** One JSON line per record, to any number of sinks (the CLI's stderr with --verbose). */
export class JsonLogger implements Logger {
  constructor(
    private readonly sinks: LogSink[],
    private readonly minLevel: LogLevel = 'info',
    private readonly now: () => number = Date.now,
  ) {}

  private write(level: LogLevel, msg: string, data?: Record<string, unknown>): void {
    if (LEVELS[level] < LEVELS[this.minLevel]) return;
    const line = JSON.stringify({ time: new Date(this.now()).toISOString(), level, msg, ...data });
    for (const sink of this.sinks) sink(line);
  }

  debug(msg: string, data?: Record<string, unknown>): void {
    this.write('debug', msg, data);
  }
  info(msg: string, data?: Record<string, unknown>): void {
    this.write('info', msg, data);
  }
  warn(msg: string, data?: Record<string, unknown>): void {
    this.write('warn', msg, data);
  }
  error(msg: string, data?: Record<string, unknown>): void {
    this.write('error', msg, data);
  }
}

export const silentLogger: Logger = new JsonLogger([]);
