import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreSpace } from '../../../shared/dto/restore';
import { formatBytes } from '../../../shared/format';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { DiskSpace } from '../platform/disk-space';
import { refuseUnsafeFolder } from '../platform/path-guard';

export interface TargetCheckDeps {
  diskSpace: (p: string) => Promise<DiskSpace>;
  /** The user ModVault runs as (null where there are no uids). */
  uid: number | null;
  home: string;
}

/** The target if it exists, else its nearest existing parent. */
async function nearestExisting(p: string): Promise<string> {
  for (let dir = p; ; dir = path.dirname(dir)) {
    const st = await stat(dir).catch((e: unknown) => {
      if (errnoCode(e) === 'ENOENT') return null;
      throw fromErrno(e, dir) ?? e;
    });
    if (st) return dir;
    if (path.dirname(dir) === dir) return dir;
  }
}

/**
 * Everything that can make a restore fail is checked before anything is written: the target
 * is a sensible folder, it belongs to this user (files written as anyone else would be
 * unusable, or undeletable, for the cache's owner), its volume is writable, and has room.
 */
export class TargetCheck {
  constructor(private readonly d: TargetCheckDeps) {}

  /**
   * The target as a folder, before anything reads it: never `/`, the home folder or a parent
   * of it, or a system folder — also when `..` or a symlink leads there (the resolved path is
   * judged). Returns the absolute target.
   */
  refuseUnsafe(target: string): string {
    return refuseUnsafeFolder(
      target,
      this.d.home,
      'restore into',
      'Restore into the module cache folder itself (GOMODCACHE, e.g. ~/go/pkg/mod), or a new folder of its own with --target-gomodcache DIR.',
    );
  }

  async check(target: string, neededBytes: number): Promise<RestoreSpace> {
    const abs = this.refuseUnsafe(target);
    const existing = await nearestExisting(abs);
    const st = await stat(existing);
    if (!st.isDirectory())
      throw new EngineError('PATH_INVALID', `${existing} is a file, not a folder.`, {
        path: existing,
        fix: 'Move the file away or choose another target folder.',
      });
    if (existing === abs && this.d.uid !== null && st.uid !== this.d.uid)
      throw new EngineError(
        'PERMISSION_DENIED',
        `The module cache ${abs} belongs to another user (uid ${st.uid}); files restored into it as uid ${this.d.uid} would not be theirs.`,
        {
          path: abs,
          fix: `Run the restore as the user who owns it, or give it to your user first (e.g. \`sudo chown -R $USER ${abs}\`).`,
        },
      );
    await access(existing, constants.W_OK).catch((e: unknown) => {
      throw (
        (errnoCode(e) === 'EROFS'
          ? new EngineError('READ_ONLY', `${existing} is on a read-only file system.`, {
              path: existing,
              fix: 'Remount it read-write, or restore into another folder with --target-gomodcache DIR.',
            })
          : fromErrno(e, `the folder ${existing}`)) ?? e
      );
    });
    const { freeBytes } = await this.d.diskSpace(existing);
    const space: RestoreSpace = {
      volume: existing,
      freeBytes,
      neededBytes,
      ok: neededBytes <= freeBytes,
    };
    return space;
  }

  /** Refuses a restore that would not fit, before it writes anything. */
  static requireSpace(space: RestoreSpace): void {
    if (space.ok) return;
    throw new EngineError(
      'NO_SPACE',
      `Not enough space: the restore needs ${formatBytes(space.neededBytes)} and ${space.volume} has ${formatBytes(space.freeBytes)} free. Nothing was written.`,
      {
        path: space.volume,
        fix: 'Free some space, restore less (--project DIR or --module PATH), use --mode quick (no extracted trees), or restore into another volume with --target-gomodcache DIR.',
      },
    );
  }
}
