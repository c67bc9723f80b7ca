import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { sleep } from './fs-retry';
import { Yielder } from './yielder';

/**
 * How ModVault takes the flock(2) locks the go command uses on Unix (`<v>.lock`, `list`):
 *
 * Node cannot call flock, but a lock belongs to the open file description, not to the process.
 * So ModVault opens the lock file itself and hands the descriptor to a short-lived helper that
 * locks it (non-blocking) and exits: the lock stays held through ModVault's descriptor until
 * ModVault closes it, and the kernel drops it if ModVault dies. Go's own flock calls then wait
 * exactly as they would for another go process.
 *
 * Helpers, in order: perl (Fcntl flock; locks hundreds of descriptors in one spawn; present on
 * macOS and nearly every Linux), util-linux `flock N` (one spawn per file). Without either (or
 * on Windows, where Go uses LockFileEx on handles that cannot be shared this way) the strategy
 * is 'none' and callers fall back to refusing while a go process uses the cache.
 */
export type LockStrategy = 'perl' | 'flock' | 'none';

export interface LockSet {
  /** False when no lock could be taken because no helper exists (strategy 'none'). */
  readonly held: boolean;
  release(): void;
}

export interface LockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const PERL_LOCK = [
  '-MFcntl=:flock',
  '-e',
  '$|=1; for my $fd (3 .. 2 + $ARGV[0]) { if (open(my $h, "+<&=", $fd)) { print(flock($h, LOCK_EX|LOCK_NB) ? "1" : "0") } else { print "E" } }',
];
const PERL_BATCH = 200;

function openLockFile(file: string, made: Set<string>): number {
  const dir = path.dirname(file);
  if (!made.has(dir)) mkdirSync(dir, { recursive: true });
  made.add(dir);
  try {
    return openSync(file, constants.O_RDWR | constants.O_CREAT, 0o666);
  } catch (e) {
    // flock works on read-only descriptors too, e.g. a lock file we may read but not write.
    if (errnoCode(e) === 'EACCES') return openSync(file, constants.O_RDONLY);
    throw e;
  }
}

function runHelper(
  cmd: string,
  args: string[],
  fds: number[],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore', ...fds], shell: false });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

export class FileLocker {
  private detected: LockStrategy | null;

  constructor(
    private readonly platform: NodeJS.Platform,
    strategy?: LockStrategy,
  ) {
    this.detected = strategy ?? null;
  }

  strategy(): LockStrategy {
    if (this.detected === null) this.detected = this.detect();
    return this.detected;
  }

  /** Looks the helpers up on PATH rather than running them: no spawn before the first lock. */
  private detect(): LockStrategy {
    if (this.platform === 'win32') return 'none';
    const onPath = (cmd: string) =>
      (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
        try {
          accessSync(path.join(dir, cmd), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
    if (onPath('perl')) return 'perl';
    if (onPath('flock')) return 'flock';
    return 'none';
  }

  /**
   * Takes exclusive locks on all `files` (created if missing, as Go does), retrying busy ones
   * until the timeout; on failure nothing stays locked.
   */
  async lockAll(files: readonly string[], opts: LockOptions = {}): Promise<LockSet> {
    const strategy = this.strategy();
    if (strategy === 'none' || files.length === 0)
      return { held: strategy !== 'none', release: () => {} };
    const unique = [...new Set(files)];
    const fds: number[] = [];
    const release = () => {
      for (const fd of fds.splice(0)) closeSync(fd);
    };
    try {
      // A full restore locks every version: the event loop gets its turns between opens.
      const yielder = new Yielder(opts.signal);
      const made = new Set<string>();
      for (const f of unique) {
        fds.push(openLockFile(f, made));
        await yielder.maybeYield();
      }
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      let pending = unique.map((file, i) => ({ file, fd: fds[i]! }));
      let delay = 20;
      for (;;) {
        pending = await this.tryLock(strategy, pending);
        if (pending.length === 0) return { held: true, release };
        if (opts.signal?.aborted) throw new EngineError('CANCELED', 'Canceled.');
        if (Date.now() >= deadline)
          throw new EngineError(
            'LOCKED',
            `Another program holds the lock on ${pending[0]!.file}${pending.length > 1 ? ` and ${pending.length - 1} more` : ''} (a go command downloading or extracting that module).`,
            { path: pending[0]!.file, fix: 'Wait for the go command to finish, then try again.' },
          );
        await sleep(delay);
        delay = Math.min(delay * 2, 250);
      }
    } catch (e) {
      release();
      throw fromErrno(e, 'a lock file') ?? e;
    }
  }

  /** One attempt on each pending lock; returns those still busy. */
  private async tryLock<T extends { file: string; fd: number }>(
    strategy: 'perl' | 'flock',
    pending: T[],
  ): Promise<T[]> {
    const busy: T[] = [];
    if (strategy === 'flock') {
      for (const p of pending) {
        const { code } = await runHelper('flock', ['-n', '-x', '3'], [p.fd]);
        if (code === 1) busy.push(p);
        else if (code !== 0)
          throw new EngineError('INTERNAL', `flock failed on ${p.file} (exit ${code}).`);
      }
      return busy;
    }
    for (let i = 0; i < pending.length; i += PERL_BATCH) {
      const batch = pending.slice(i, i + PERL_BATCH);
      const { code, out } = await runHelper(
        'perl',
        [...PERL_LOCK, String(batch.length)],
        batch.map((p) => p.fd),
      );
      if (code !== 0 || out.length !== batch.length || out.includes('E'))
        throw new EngineError('INTERNAL', `The perl lock helper failed (exit ${code}, "${out}").`);
      batch.forEach((p, j) => out[j] === '0' && busy.push(p));
    }
    return busy;
  }
}
