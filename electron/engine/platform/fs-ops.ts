import type { Stats } from 'node:fs';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
} from 'node:fs';

type MaybePromise<T> = T | Promise<T>;

/**
 * The file-system calls that move and remove trees, behind an interface so tests can inject the
 * failures real systems produce (Windows sharing violations, permission errors) on demand.
 * Callers await every call, so an implementation may be synchronous or not.
 */
export interface FsOps {
  lstat(p: string): MaybePromise<Stats>;
  readdir(p: string): MaybePromise<string[]>;
  chmod(p: string, mode: number): MaybePromise<void>;
  rename(from: string, to: string): MaybePromise<void>;
  unlink(p: string): MaybePromise<void>;
  rmdir(p: string): MaybePromise<void>;
  mkdir(p: string): MaybePromise<void>;
}

/**
 * Synchronous calls: moving 200 versions is ~1,500 tiny calls, several times faster without a
 * thread-pool round trip each (as the scanner does); TreeOps callers yield between items.
 */
export const nodeFsOps: FsOps = {
  lstat: (p) => lstatSync(p),
  readdir: (p) => readdirSync(p),
  chmod: (p, mode) => chmodSync(p, mode),
  rename: (from, to) => renameSync(from, to),
  unlink: (p) => unlinkSync(p),
  rmdir: (p) => rmdirSync(p),
  mkdir: (p) => void mkdirSync(p, { recursive: true }),
};
