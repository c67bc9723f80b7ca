import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { systemProcesses } from '../platform/process-liveness';
import type { EngineInfo } from './link-protocol';

/** What the lock file says about the engine holding it. Readable by this user only (0600). */
export interface EngineLockRecord {
  pid: number;
  /** Kernel start time of the holder (Linux), to tell a reused pid from the holder. */
  procStart: string | null;
  host: EngineInfo['host'];
  socket: string;
  /** The secret every connection presents in its handshake. */
  token: string;
  startedAt: string;
}

export interface Liveness {
  isAlive(pid: number): boolean;
  processStart(pid: number): string | null;
}

export type LockOutcome =
  { acquired: true; lock: EngineLock } | { acquired: false; holder: EngineLockRecord };

/** A takeover of a stale lock takes microseconds; a guard older than this was left by a crash. */
const TAKEOVER_STALE_MS = 5_000;

function parse(text: string): EngineLockRecord | null {
  try {
    const r = JSON.parse(text) as EngineLockRecord;
    return typeof r.pid === 'number' &&
      typeof r.token === 'string' &&
      typeof r.socket === 'string' &&
      typeof r.host === 'string'
      ? r
      : null;
  } catch {
    return null;
  }
}

export function readEngineLock(file: string): EngineLockRecord | null {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock still runs (and is the same process, not a reused pid). */
export function holderAlive(r: EngineLockRecord, live: Liveness = systemProcesses): boolean {
  if (!live.isAlive(r.pid)) return false;
  const start = live.processStart(r.pid);
  return r.procStart === null || start === null || start === r.procStart;
}

/** The engine running at one of `endpoints`, if any. */
export function liveHolder<E extends { lockFile: string }>(
  endpoints: E[],
  live: Liveness = systemProcesses,
): { endpoint: E; holder: EngineLockRecord } | null {
  for (const endpoint of endpoints) {
    const holder = readEngineLock(endpoint.lockFile);
    if (holder && holderAlive(holder, live)) return { endpoint, holder };
  }
  return null;
}

/**
 * One engine per user: whoever creates the lock file runs the engine. The file appears whole
 * (written aside, then hard-linked into place, which fails if it exists), so two engines
 * starting at the same instant cannot both win, and a reader never sees half a record. A lock
 * whose process has ended (a crash, SIGKILL) is taken over under a short-lived guard, so two
 * successors cannot both remove it and both start.
 */
export class EngineLock {
  private constructor(
    readonly file: string,
    readonly record: EngineLockRecord,
  ) {}

  static acquire(
    file: string,
    info: Pick<EngineLockRecord, 'host' | 'socket'> & { startedAt: string },
    live: Liveness = systemProcesses,
  ): LockOutcome {
    const record: EngineLockRecord = {
      pid: process.pid,
      procStart: live.processStart(process.pid),
      token: randomBytes(24).toString('base64url'),
      ...info,
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      if (EngineLock.create(file, record))
        return { acquired: true, lock: new EngineLock(file, record) };
      const held = readEngineLock(file);
      if (held && holderAlive(held, live)) return { acquired: false, holder: held };
      EngineLock.takeOver(file, held?.token ?? null);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + attempt * 10);
    }
    throw new EngineError('LOCKED', `Could not take the engine lock ${file}.`, {
      path: file,
      fix: 'Another ModVault keeps starting and stopping: try again in a moment.',
    });
  }

  private static create(file: string, record: EngineLockRecord): boolean {
    const aside = `${file}.${randomBytes(6).toString('hex')}`;
    try {
      writeFileSync(aside, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
      try {
        linkSync(aside, file);
        return true;
      } catch (e) {
        const code = errnoCode(e);
        if (code === 'EEXIST') return false;
        // Filesystems without hard links: an exclusive create is the next best thing.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
        try {
          writeFileSync(file, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
          return true;
        } catch (e2) {
          if (errnoCode(e2) === 'EEXIST') return false;
          throw e2;
        }
      }
    } catch (e) {
      throw fromErrno(e, `the engine lock ${file}`) ?? e;
    } finally {
      try {
        unlinkSync(aside);
      } catch {
        /* not created */
      }
    }
  }

  /** Removes the lock judged stale, if it is still that very lock, under the takeover guard. */
  private static takeOver(file: string, staleToken: string | null): void {
    const guard = `${file}.takeover`;
    try {
      writeFileSync(guard, String(process.pid), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw fromErrno(e, `the engine lock ${guard}`) ?? e;
      const st = statSync(guard, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS) unlinkQuiet(guard);
      return;
    }
    try {
      if ((readEngineLock(file)?.token ?? null) === staleToken) unlinkQuiet(file);
    } finally {
      unlinkQuiet(guard);
    }
  }

  /** Gives the lock up, if it is still ours. */
  release(): void {
    if (readEngineLock(this.file)?.token === this.record.token) unlinkQuiet(this.file);
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}
