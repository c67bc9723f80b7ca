import { z } from 'zod';

// Building blocks reused by several commands' input schemas.

/** An absolute or relative filesystem path typed by the user; NUL bytes are never valid. */
export const pathInput = z
  .string()
  .min(1, 'path is empty')
  .max(4096, 'path is too long')
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

export const pathList = z.array(pathInput).max(64);

export const jobId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a job id');

export const empty = z.object({}).strict();
