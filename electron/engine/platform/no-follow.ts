import type { Dirent, ReadStream, Stats } from 'node:fs';
import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
} from 'node:fs';
import path from 'node:path';
import type { LinkType } from '../../../shared/dto/cache';
import { EngineError, errnoCode } from '../errors';

// The one way ModVault opens and stats files it did not write itself (module cache, build
// cache, sumdb, export folders): never through a symlink. Go only ever writes regular files and
// folders into its caches, so anything else found there was put there by someone else — it is
// reported, and its target is never read. Opening uses O_NOFOLLOW and fstat on the descriptor,
// so a file swapped for a link between listing and reading is refused too.

/** What a directory entry is, as lstat sees it. */
export type EntryType = 'file' | 'dir' | LinkType;

export function entryType(st: Stats | Dirent): EntryType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device';
  return 'other';
}

const TYPE_WORDS: Record<EntryType, string> = {
  file: 'a file',
  dir: 'a folder',
  symlink: 'a symlink',
  fifo: 'a named pipe (FIFO)',
  socket: 'a socket',
  device: 'a device file',
  other: 'not a regular file',
};

/** "is a symlink to /etc/shadow", "is a named pipe (FIFO)". */
export function describeEntry(type: EntryType, target: string | null): string {
  return `is ${TYPE_WORDS[type]}${target !== null ? ` to ${target}` : ''}`;
}

/**
 * A path that is not what Go writes there: a symlink (code ELOOP, as O_NOFOLLOW reports it) or
 * a FIFO, socket, device or folder where a file belongs (EFTYPE). The name and code survive the
 * trip back from a worker thread.
 */
export class NotRegularError extends Error {
  readonly code: 'ELOOP' | 'EFTYPE';
  constructor(
    readonly path: string,
    readonly type: EntryType,
    readonly target: string | null = null,
  ) {
    super(
      `${path} ${describeEntry(type, target)}; ModVault does not follow links or read special files`,
    );
    this.name = 'NotRegularError';
    this.code = type === 'symlink' ? 'ELOOP' : 'EFTYPE';
  }
}

/** A worker's (or this thread's) NotRegularError, recognized by name. */
export function isNotRegular(e: unknown): e is Error & { path?: string } {
  return e instanceof Error && e.name === 'NotRegularError';
}

export function linkTarget(p: string): string | null {
  try {
    return readlinkSync(p);
  } catch {
    return null;
  }
}

/** lstat, or null when nothing is there. */
export function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** The error for an entry that is not a regular file (the link target read for the message). */
export function notRegular(p: string, st: Stats | Dirent): NotRegularError {
  const type = entryType(st);
  return new NotRegularError(p, type, type === 'symlink' ? linkTarget(p) : null);
}

const WINDOWS = process.platform === 'win32';
// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const NOFOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function openNoFollow(p: string, flags: number): number {
  try {
    return openSync(p, flags);
  } catch (e) {
    const code = errnoCode(e);
    // Linux and macOS say ELOOP for a final symlink under O_NOFOLLOW, FreeBSD EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK') {
      const st = lstatOrNull(p);
      if (st?.isSymbolicLink()) throw notRegular(p, st);
    }
    throw e;
  }
}

export interface OpenedFile {
  fd: number;
  st: Stats;
}

/**
 * Opens a regular file for reading without following a symlink in its last element, and
 * checks what was opened (fstat): anything but a regular file is refused with NotRegularError.
 * `noatime` leaves the access time alone where the caller owns the file.
 */
export function openFileSync(p: string, opts: { noatime?: boolean } = {}): OpenedFile {
  let before: Stats | null = null;
  if (WINDOWS) {
    // No O_NOFOLLOW on Windows: lstat first, then make sure the same file was opened.
    before = lstatSync(p);
    if (!before.isFile()) throw notRegular(p, before);
  }
  let fd: number;
  const noatime = opts.noatime ? (constants.O_NOATIME ?? 0) : 0;
  try {
    fd = openNoFollow(p, NOFOLLOW | noatime);
  } catch (e) {
    // O_NOATIME is refused (EPERM) on files the process does not own.
    if (noatime === 0 || errnoCode(e) !== 'EPERM') throw e;
    fd = openNoFollow(p, NOFOLLOW);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(p, st);
    if (before && (before.ino !== st.ino || before.dev !== st.dev))
      throw new NotRegularError(p, 'symlink', linkTarget(p));
    return { fd, st };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** A file larger than a reader accepts (a .ziphash of megabytes is not a .ziphash). */
export class TooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${path} is ${size} bytes, more than the ${limit} a file of its kind can have`);
    this.name = 'TooLargeError';
  }
}

/** Up to `size` bytes from the start of an open file (fewer if it is shorter now). */
export function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, buf, done, size - done, done);
    if (n === 0) break;
    done += n;
  }
  return done === size ? buf : buf.subarray(0, done);
}

/** The whole content of a regular file, read through a descriptor opened with openFileSync. */
export function readFileSync(
  p: string,
  opts: { maxBytes?: number; noatime?: boolean } = {},
): Buffer {
  const { fd, st } = openFileSync(p, opts);
  try {
    if (opts.maxBytes !== undefined && st.size > opts.maxBytes)
      throw new TooLargeError(p, st.size, opts.maxBytes);
    return readAll(fd, st.size);
  } finally {
    closeSync(fd);
  }
}

export function readTextSync(p: string, opts: { maxBytes?: number } = {}): string {
  return readFileSync(p, opts).toString('utf8');
}

/** A read stream over a file opened with openFileSync (closed when the stream ends). */
export function fileStream(
  p: string,
  range: { start?: number; end?: number } = {},
): { stream: ReadStream; st: Stats } {
  const { fd, st } = openFileSync(p);
  return { stream: createReadStream(p, { fd, autoClose: true, ...range }), st };
}

/**
 * The first element of `rel` below `root` that is not a real folder (a symlink, a file…),
 * checked one lstat at a time, or null when every element is a folder or is missing (or cannot
 * be looked at: listing it will say why). For the fixed parts of a cache's layout
 * (`cache/download`), which are reached by name rather than found by listing.
 */
export function nonDirOnTheWay(root: string, rel: string): { path: string; st: Stats } | null {
  let p = root;
  for (const part of rel.split(/[\\/]/).filter(Boolean)) {
    p = path.join(p, part);
    let st: Stats | null;
    try {
      st = lstatOrNull(p);
    } catch {
      return null;
    }
    if (st === null) return null;
    if (!st.isDirectory()) return { path: p, st };
  }
  return null;
}

/**
 * Before writing into `dir` below `root` (a restore): refuses when a folder on the way is a
 * symlink planted there (`@v -> /etc/cron.d`), which would make the write land outside.
 */
export function refuseLinkOnTheWay(root: string, dir: string): void {
  const bad = nonDirOnTheWay(root, path.relative(root, dir));
  if (bad)
    throw new EngineError(
      'UNSAFE_PATH',
      `${bad.path} ${describeEntry(entryType(bad.st), linkTarget(bad.path))}: ModVault does not write through it.`,
      {
        path: bad.path,
        fix: 'Replace it with a real folder (Go never makes links in its caches), then restore again.',
      },
    );
}
