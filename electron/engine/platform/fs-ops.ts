import type { Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';

/**
 * The file-system calls that move and remove trees, behind an interface so tests can inject the
 * failures real systems produce (Windows sharing violations, permission errors) on demand.
 */
export interface FsOps {
  lstat(p: string): Promise<Stats>;
  readdir(p: string): Promise<string[]>;
  chmod(p: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(p: string): Promise<void>;
  rmdir(p: string): Promise<void>;
  mkdir(p: string): Promise<void>;
}

export const nodeFsOps: FsOps = {
  lstat: (p) => fsp.lstat(p),
  readdir: (p) => fsp.readdir(p),
  chmod: (p, mode) => fsp.chmod(p, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (p) => fsp.unlink(p),
  rmdir: (p) => fsp.rmdir(p),
  mkdir: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
};
