import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { EngineError } from '../errors';
import type { Logger } from '../platform/logger';
import { doctorEn } from '../../../shared/i18n/areas/doctor.en';

export interface GoRunOptions {
  cwd?: string;
  /** Added to (and overriding) the runner's base environment. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface GoRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const MAX_CAPTURE = 16 * 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** go starts compilers, test binaries and `go run` programs; on POSIX they share its group. */
const OWN_PROCESS_GROUP = process.platform !== 'win32';

/** Signals go and everything it started (its process group), or go alone where that is all. */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (OWN_PROCESS_GROUP && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      /* the group is already gone: fall back to the child itself */
    }
  }
  child.kill(signal);
}

/** The same advice the doctor gives (shared/i18n), in English. */
export const GO_MISSING_FIX = doctorEn['doctor.env.goMissing.fix'];

/** Runs the go command with an argv array (never through a shell) and streams its output lines. */
export class GoRunner {
  /** How to stop each go command still running (see stopAll). */
  private readonly running = new Set<() => void>();

  constructor(
    readonly binary: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {}

  run(args: readonly string[], opts: GoRunOptions = {}): Promise<GoRunResult> {
    const started = Date.now();
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    this.logger.debug('go run', { args: [...args], cwd: opts.cwd });
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new EngineError('CANCELED', 'Canceled.'));
      const child = spawn(this.binary, [...args], {
        cwd: opts.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        // Its own process group, so a cancel or timeout stops go's children too.
        detached: OWN_PROCESS_GROUP,
      });
      const captured = { stdout: '', stderr: '' };
      const partial = { stdout: '', stderr: '' };
      let failure: EngineError | null = null;
      let killTimer: NodeJS.Timeout | null = null;
      const stop = (err: EngineError) => {
        failure ??= err;
        signalTree(child, 'SIGTERM');
        killTimer ??= setTimeout(() => signalTree(child, 'SIGKILL'), KILL_GRACE_MS);
      };
      // Leaving (a second Ctrl-C, an uncaught error) must not leave a detached go running.
      const onProcessExit = () => signalTree(child, 'SIGKILL');
      process.on('exit', onProcessExit);
      const cancel = () => stop(new EngineError('CANCELED', 'Canceled.'));
      this.running.add(cancel);
      const timer =
        opts.timeoutMs !== undefined
          ? setTimeout(
              () =>
                stop(
                  new EngineError(
                    'TIMEOUT',
                    `go ${args.join(' ')} did not finish within ${Math.round(opts.timeoutMs! / 1000)} s.`,
                    {
                      fix: 'Check that the network or the GOPROXY in use answers, then try again.',
                    },
                  ),
                ),
              opts.timeoutMs,
            )
          : null;
      const onAbort = () => stop(new EngineError('CANCELED', 'Canceled.'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (captured[stream].length < MAX_CAPTURE) captured[stream] += text;
        if (!opts.onLine) return;
        const lines = (partial[stream] + text).split(/\r?\n/);
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) opts.onLine(line, stream);
      };
      child.stdout.on('data', collect('stdout'));
      child.stderr.on('data', collect('stderr'));

      const cleanup = () => {
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        process.off('exit', onProcessExit);
        this.running.delete(cancel);
      };
      child.on('error', (e: NodeJS.ErrnoException) => {
        cleanup();
        if (e.code === 'ENOENT') {
          reject(
            new EngineError(
              'GO_MISSING',
              `The go command was not found (looked for "${this.binary}").`,
              { fix: GO_MISSING_FIX },
            ),
          );
        } else if (e.code === 'EACCES') {
          reject(
            new EngineError('GO_MISSING', `The go command at "${this.binary}" cannot be run.`, {
              path: this.binary,
              fix: GO_MISSING_FIX,
            }),
          );
        } else reject(e);
      });
      child.on('exit', () => {
        // A stopped go is done with once it exits: a child that survived the signal may still
        // hold the output pipes open, and 'close' would wait for it.
        if (!failure) return;
        cleanup();
        child.stdout.destroy();
        child.stderr.destroy();
        reject(failure);
      });
      child.on('close', (code) => {
        cleanup();
        if (failure) return reject(failure);
        for (const stream of ['stdout', 'stderr'] as const) {
          if (partial[stream] && opts.onLine) opts.onLine(partial[stream], stream);
        }
        resolve({
          code,
          stdout: captured.stdout,
          stderr: captured.stderr,
          durationMs: Date.now() - started,
        });
      });
    });
  }

  /** Stops every go command this runner started that is still running (engine shutdown). */
  stopAll(): void {
    for (const cancel of [...this.running]) cancel();
  }

  /** Like run, but a non-zero exit becomes an error carrying go's own message. */
  async runChecked(args: readonly string[], opts: GoRunOptions = {}): Promise<GoRunResult> {
    const result = await this.run(args, opts);
    if (result.code !== 0) {
      const msg =
        result.stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${result.code}`;
      throw new EngineError('GO_FAILED', `go ${args.join(' ')} failed: ${msg}`);
    }
    return result;
  }
}
