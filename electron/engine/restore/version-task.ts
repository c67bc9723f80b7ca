import type { RestorePart } from '../../../shared/dto/restore';
import type { AppError } from '../../../shared/errors';
import type { BlobRef } from './pack-blobs';

// What the main thread hands a worker to restore, and what comes back (plain data).

export interface TaskFile extends BlobRef {
  /** Relative to "<path>@<version>/"; a trailing "/" is a directory entry. */
  name: string;
  mode: number | null;
}

/** One version to write. */
export interface TaskVersion {
  path: string;
  version: string;
  h1: string;
  /** The tree's h1: the version's, unless its zip had directory entries. */
  treeH1: string;
  parts: RestorePart[];
  files: TaskFile[];
  /** The stored .mod (null: taken from the zip's go.mod, as Go's proxy protocol defines it). */
  mod: BlobRef | null;
  info: BlobRef | null;
  leftovers: string[];
  /** Replacing a damaged copy (--repair): on failure, remove what was written so it can come back. */
  removeOnFailure: boolean;
}

export interface RestoreVersionsArgs {
  root: string;
  packsDir: string;
  /** -modcacherw: leave the tree's folders writable. */
  cacheRW: boolean;
  /** Hard-link identical files between versions of the module (full mode). */
  links: boolean;
  versions: TaskVersion[];
}

export interface VersionOutcome {
  path: string;
  version: string;
  error: AppError | null;
  /** A restored file that does not hash as it should (the store disagrees with itself). */
  mismatch: { what: 'zip' | 'tree'; expected: string; actual: string } | null;
  wrote: RestorePart[];
  /** h1 of the zip and the tree as read back from disk (null when not written). */
  zipH1: string | null;
  treeH1: string | null;
  files: number;
  bytes: number;
  /** Hex SHA-256 of a blob that did not read back as stored (the main thread records it). */
  damagedBlob?: string;
}

/** Restored data that does not hash to what the snapshot says. */
export class HashMismatch extends Error {
  constructor(
    readonly what: 'zip' | 'tree',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the restored ${what} does not match the snapshot: ${actual} (expected ${expected})`);
    this.name = 'HashMismatch';
  }
}
