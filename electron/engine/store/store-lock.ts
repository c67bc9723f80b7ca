import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoreLockInfo } from '../../../shared/dto/store';
import { EngineError, errnoCode, fromErrno } from '../errors';

const LOCK_FILE = 'store.lock';
/** The holder touches the lock this often; a lock untouched for STALE_AFTER_MS is abandoned. */
const HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 10 * 60_000;
/** A lock file younger than this may still be being written by its creator. */
const WRITING_GRACE_MS = 2_000;

interface LockRecord extends StoreLockInfo {
  token: string;
  /** Kernel start time of the holder process (Linux), to tell a reused pid from the holder. */
  procStart: string | null;
}

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  now(): number;
  /** Whether a process with this pid runs on this host. */
  isAlive(pid: number): boolean;
  /** The kernel's start time of a process, or null when unknown (non-Linux, gone). */
  processStart(pid: number): string | null;
}

/** Real process checks for LockOwner. */
export { systemProcesses } from '../platform/process-liveness';

function parse(text: string): LockRecord | null {
  try {
    const r = JSON.parse(text) as LockRecord;
    return typeof r.pid === 'number' && typeof r.host === 'string' && typeof r.token === 'string'
      ? r
      : null;
  } catch {
    return null;
  }
}

/**
 * One writer per store, across processes: a lock file holding pid, host and start time. A lock
 * whose process is gone (same host), whose pid now belongs to another process, or whose holder
 * stopped refreshing it is taken over automatically — never left for the user to delete.
 */
export class StoreLock {
  private heartbeat: NodeJS.Timeout | null = null;

  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {
    this.heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static file(storeDir: string): string {
    return path.join(storeDir, LOCK_FILE);
  }

  /** The current holder, if any (whether or not it is stale). */
  static holder(storeDir: string): StoreLockInfo | null {
    const r = StoreLock.readRecord(StoreLock.file(storeDir));
    return r ? { pid: r.pid, host: r.host, startedAt: r.startedAt, command: r.command } : null;
  }

  static acquire(storeDir: string, owner: LockOwner): StoreLock {
    const file = StoreLock.file(storeDir);
    const token = randomBytes(8).toString('hex');
    const record: LockRecord = {
      pid: owner.pid,
      host: owner.host,
      startedAt: new Date(owner.now()).toISOString(),
      command: owner.command,
      token,
      procStart: owner.processStart(owner.pid),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        writeFileSync(file, JSON.stringify(record), { flag: 'wx', mode: 0o644 });
        return new StoreLock(file, token);
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') throw fromErrno(e, `the store lock ${file}`) ?? e;
      }
      const held = StoreLock.readRecord(file);
      const age = StoreLock.age(file, owner.now());
      if (age === null) continue; // released meanwhile
      if (!held && age < WRITING_GRACE_MS) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (held && !StoreLock.isStale(held, age, owner)) {
        throw new EngineError(
          'LOCKED',
          `The store is in use by another ModVault (${held.command}, pid ${held.pid} on ${held.host}, since ${held.startedAt}).`,
          {
            path: file,
            fix: 'Wait for it to finish and try again. A lock whose process has ended is taken over automatically.',
          },
        );
      }
      // Take over only the very lock judged stale, not one another process just created.
      const again = StoreLock.readRecord(file);
      if ((again?.token ?? null) === (held?.token ?? null)) {
        try {
          unlinkSync(file);
        } catch (e) {
          if (errnoCode(e) !== 'ENOENT') throw fromErrno(e, `the store lock ${file}`) ?? e;
        }
      }
    }
    throw new EngineError(
      'LOCKED',
      'Could not take the store lock: other processes keep taking it.',
      {
        path: file,
        fix: 'Try again in a moment.',
      },
    );
  }

  private static readRecord(file: string): LockRecord | null {
    try {
      return parse(readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
  }

  private static age(file: string, now: number): number | null {
    const st = statSync(file, { throwIfNoEntry: false });
    return st ? now - st.mtimeMs : null;
  }

  private static isStale(held: LockRecord, age: number, owner: LockOwner): boolean {
    if (age > STALE_AFTER_MS) return true;
    if (held.host !== owner.host) return false;
    if (!owner.isAlive(held.pid)) return true;
    // The pid is alive: it is the holder unless the kernel says it started at another time.
    const start = owner.processStart(held.pid);
    return held.procStart !== null && start !== null && start !== held.procStart;
  }

  private touch(): void {
    try {
      const now = new Date();
      utimesSync(this.file, now, now);
    } catch {
      /* a vanished lock is detected when the store is written next */
    }
  }

  release(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // Remove the lock only if it is still ours (a stale-takeover may have replaced it).
    if (StoreLock.readRecord(this.file)?.token !== this.token) return;
    try {
      unlinkSync(this.file);
    } catch {
      /* already gone */
    }
  }
}
