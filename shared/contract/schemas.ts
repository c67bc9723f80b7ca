import { z } from 'zod';

// Building blocks reused by several commands' input schemas.

/** "/…" (POSIX), "C:\…" or "C:/…" (Windows), or "\\server\share\…" (UNC). */
const isAbsolutePath = (p: string) =>
  p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\]+\\[^\\]+/.test(p);

/**
 * A filesystem path; NUL bytes are never valid. Absolute: a path relative to the engine's
 * working folder means nothing to a window or a browser tab (the CLI resolves its arguments
 * against the shell's folder before it calls).
 */
export const pathInput = z
  .string()
  .min(1, 'path is empty')
  .max(4096, 'path is too long')
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine(isAbsolutePath, 'must be an absolute path');

export const pathList = z.array(pathInput).max(64);

export const jobId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a job id');

export const empty = z.object({}).strict();
