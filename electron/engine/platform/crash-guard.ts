import { AsyncLocalStorage } from 'node:async_hooks';
import { errnoCode } from '../errors';
import type { Logger } from './logger';

/** Work that an error escaping from one of its callbacks can fail: a job, one request. */
export interface CrashScope {
  readonly name: string;
  fail(error: unknown): void;
}

interface Scope extends CrashScope {
  releases: Set<() => void>;
  settled: boolean;
  crashed: boolean;
}

/**
 * A failed scope's locks are released when its work settles (it was told to stop), or after
 * this long if it never does: while it may still be writing, its locks must keep others out.
 */
const RELEASE_GRACE_MS = 3_000;

export interface CrashPolicy {
  /**
   * An error that no job or request owns: a CLI command ends (after releasing what it holds,
   * `exitCode`), a server (`modvault ui`, the daemon, Electron main) logs it and stays up.
   */
  unowned: 'exit' | 'stay';
  exitCode?: number;
  /** Where the error goes: one line for people, the stack for the log. */
  report(e: unknown, where: { origin: string; scope: string | null }): void;
}

/**
 * The policy of a long-running process with nobody to print to (the desktop shell, the engine
 * process): an error nothing owns is logged with its stack and the process goes on; one a job or
 * call owns fails just that (the job reports its own failure).
 */
export function logAndStay(logger: Logger, processName: string): CrashPolicy {
  return {
    unowned: 'stay',
    report: (e, where) =>
      logger.error(`${where.origin} in the ${processName}`, {
        scope: where.scope,
        error: String((e as Error)?.stack ?? e),
      }),
  };
}

/** A closed stdout or stderr (`modvault scan | head`): not an error, the reader has enough. */
export function isBrokenPipe(e: unknown): boolean {
  const code = errnoCode(e);
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * What keeps a process alive and its locks free when something throws where nothing catches
 * it (an event callback, a forgotten promise): every job and request runs in a scope, an
 * uncaught exception or unhandled rejection fails the scope it happened in (its caller gets an
 * INTERNAL error, its locks are released) and the process goes on. Locks register here while
 * they are held (`onCrash`), so a failed scope — or a process that has to end — releases them.
 * One guard per process, created where the process starts (the CLI, which also runs `modvault
 * ui` and the daemon; the engine process; the desktop shell) and given to compose() where that
 * process hosts an engine; install() hooks it into the process.
 */
export class CrashGuard {
  private readonly scopes = new AsyncLocalStorage<Scope>();
  /** Releases registered outside any scope, and the live scopes' (for a process that ends). */
  private readonly processReleases = new Set<() => void>();
  private readonly live = new Set<Scope>();

  /** Runs `fn` in a scope of its own: an error escaping from what it starts fails `scope`. */
  run<T>(scope: CrashScope, fn: () => T): T {
    const s: Scope = {
      name: scope.name,
      fail: (e) => scope.fail(e),
      releases: new Set(),
      settled: false,
      crashed: false,
    };
    this.live.add(s);
    const settle = () => {
      s.settled = true;
      this.live.delete(s);
      if (s.crashed) this.runReleases(s.releases);
    };
    const out = this.scopes.run(s, fn);
    if (out instanceof Promise) void out.then(settle, settle);
    else settle();
    return out;
  }

  /**
   * `release` frees something held by the current scope (a lock): called if the scope fails
   * from an uncaught error, or the process has to end. Returns the unregister function, to call
   * when it is released normally.
   */
  onCrash(release: () => void): () => void {
    const set = this.scopes.getStore()?.releases ?? this.processReleases;
    set.add(release);
    return () => set.delete(release);
  }

  /** Releases everything registered (a process about to exit). */
  releaseAll(): void {
    for (const s of this.live) this.runReleases(s.releases);
    this.runReleases(this.processReleases);
  }

  /** Hooks the guard into `proc`; returns the function that unhooks it. */
  install(policy: CrashPolicy, proc: NodeJS.Process = process): () => void {
    const onError = (origin: string) => (e: unknown) => this.handle(e, origin, policy, proc);
    const onException = onError('uncaughtException');
    const onRejection = onError('unhandledRejection');
    // A closed stdout or stderr: a command ends (successfully: `modvault snapshots | head -1`
    // got what it wanted), a server has nobody to print to and carries on.
    const onPipe = (e: unknown) => {
      if (!isBrokenPipe(e)) onException(e);
      else if (policy.unowned === 'exit') this.endQuietly(proc);
    };
    proc.on('uncaughtException', onException);
    proc.on('unhandledRejection', onRejection);
    proc.stdout.on('error', onPipe);
    proc.stderr.on('error', onPipe);
    return () => {
      proc.off('uncaughtException', onException);
      proc.off('unhandledRejection', onRejection);
      proc.stdout.off('error', onPipe);
      proc.stderr.off('error', onPipe);
    };
  }

  private handle(e: unknown, origin: string, policy: CrashPolicy, proc: NodeJS.Process): void {
    const scope = this.scopes.getStore();
    try {
      policy.report(e, { origin, scope: scope?.name ?? null });
    } catch {
      /* reporting must not fail the handler */
    }
    if (scope) {
      scope.fail(e);
      if (!scope.crashed) {
        scope.crashed = true;
        if (scope.settled) this.runReleases(scope.releases);
        else setTimeout(() => this.runReleases(scope.releases), RELEASE_GRACE_MS).unref();
      }
      return;
    }
    if (policy.unowned === 'stay') return;
    this.releaseAll();
    proc.exit(policy.exitCode ?? 70);
  }

  /** The reader went away: nothing more can be shown, so the command ends, successfully. */
  private endQuietly(proc: NodeJS.Process): void {
    this.releaseAll();
    proc.exit(0);
  }

  private runReleases(set: Set<() => void>): void {
    for (const release of [...set]) {
      set.delete(release);
      try {
        release();
      } catch {
        /* one lock that cannot be released must not keep the others */
      }
    }
  }
}
