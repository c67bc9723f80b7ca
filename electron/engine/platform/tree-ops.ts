import path from 'node:path';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { FsOps } from './fs-ops';

export interface TreeOpsOptions {
  ops: FsOps;
  platform: NodeJS.Platform;
}

export interface RemovedStats {
  files: number;
  bytes: number;
}

const DENIED = new Set(['EACCES', 'EPERM']);

/**
 * Moves and removes the read-only trees Go writes (files 0444, dirs 0555) as their owner, without
 * sudo: a directory is made writable just long enough to unlink or rename what it holds, and
 * every mode changed on something that stays is put back afterwards. On Windows the read-only
 * attribute (Node's write bit) is cleared before deleting; transient errors are retried by the
 * injected FsOps (see fs-retry.ts).
 */
export class TreeOps {
  private readonly ops: FsOps;
  private readonly windows: boolean;

  constructor(opts: TreeOpsOptions) {
    this.ops = opts.ops;
    this.windows = opts.platform === 'win32';
  }

  /** Removes a file or a whole tree; a path that does not exist is already removed. */
  async remove(target: string): Promise<RemovedStats> {
    const stats = { files: 0, bytes: 0 };
    try {
      await this.withWritableParent(target, () => this.removeEntry(target, stats));
    } catch (e) {
      throw this.explain(e, `Could not remove ${target}`);
    }
    return stats;
  }

  /** Renames `from` to `to` (creating `to`'s parent); both must be on one volume. */
  async move(from: string, to: string): Promise<void> {
    let st;
    try {
      st = await this.ops.lstat(from);
      await this.ops.mkdir(path.dirname(to));
    } catch (e) {
      throw this.explain(e, `Could not move ${from}`);
    }
    // Renaming a directory to another parent rewrites its ".." entry: it must be writable.
    const mode = st.mode & 0o7777;
    const unlockDir = st.isDirectory() && !this.windows && (mode & 0o200) === 0;
    if (unlockDir) await this.ops.chmod(from, mode | 0o200);
    try {
      await this.withWritableParent(from, () =>
        this.withWritableParent(to, () => this.ops.rename(from, to)),
      );
    } catch (e) {
      if (unlockDir) await Promise.resolve(this.ops.chmod(from, mode)).catch(() => {});
      if (errnoCode(e) === 'EXDEV')
        throw new EngineError(
          'UNSUPPORTED',
          `${from} and ${path.dirname(to)} are on different volumes, so it cannot be moved by rename.`,
          {
            path: from,
            fix: 'Choose a quarantine folder on the same volume as the cache, or use --delete.',
          },
        );
      throw this.explain(e, `Could not move ${from} to ${to}`);
    }
    if (unlockDir) await this.ops.chmod(to, mode);
  }

  private async removeEntry(p: string, stats: RemovedStats): Promise<void> {
    let st;
    try {
      st = await this.ops.lstat(p);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return;
      throw e;
    }
    if (st.isDirectory()) {
      // Listing needs r+x and unlinking children needs w: the owner may always grant them.
      if ((st.mode & 0o700) !== 0o700) await this.ops.chmod(p, (st.mode & 0o7777) | 0o700);
      for (const name of await this.ops.readdir(p))
        await this.removeEntry(path.join(p, name), stats);
      await this.ops.rmdir(p);
      return;
    }
    if (this.windows && (st.mode & 0o200) === 0) await this.ops.chmod(p, 0o666);
    await this.ops.unlink(p);
    stats.files++;
    stats.bytes += st.size;
  }

  /** Runs `fn`; if the parent directory refuses, grants its owner write access and retries. */
  private async withWritableParent<T>(p: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (this.windows || !DENIED.has(errnoCode(e) ?? '')) throw e;
      const parent = path.dirname(p);
      const st = await this.ops.lstat(parent);
      const mode = st.mode & 0o7777;
      if ((mode & 0o300) === 0o300) throw e;
      await this.ops.chmod(parent, mode | 0o300);
      try {
        return await fn();
      } finally {
        await this.ops.chmod(parent, mode);
      }
    }
  }

  private explain(e: unknown, what: string): unknown {
    if (e instanceof EngineError) return e;
    const code = errnoCode(e);
    if (code && DENIED.has(code)) {
      const p = (e as { path?: string }).path;
      return new EngineError(
        'PERMISSION_DENIED',
        `${what}: permission denied on ${p ?? 'a file'}.`,
        {
          path: p,
          fix: 'The files belong to another user (often after running go with sudo). Give them back to your user, e.g. `sudo chown -R $USER` on that folder, then try again.',
          cause: e,
        },
      );
    }
    return fromErrno(e, what) ?? e;
  }
}
