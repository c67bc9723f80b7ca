import type { AppError, ErrorCode } from '../../shared/errors';
import { isAppError } from '../../shared/errors';

/** An error the user can act on: a code for programs, a message and a fix for people. */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;
  readonly fix: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { path?: string; fix?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'EngineError';
    this.code = code;
    this.path = opts.path;
    this.fix = opts.fix;
  }

  toAppError(): AppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.path !== undefined && { path: this.path }),
      ...(this.fix !== undefined && { fix: this.fix }),
    };
  }
}

interface ErrnoLike {
  code?: string;
  path?: string;
  dest?: string;
  syscall?: string;
  message: string;
}

function isErrno(e: unknown): e is ErrnoLike {
  return e instanceof Error && typeof (e as ErrnoLike).code === 'string';
}

export function errnoCode(e: unknown): string | undefined {
  return isErrno(e) ? e.code : undefined;
}

/** Turns a Node errno error into an EngineError that names the path and the fix. */
export function fromErrno(e: unknown, what?: string): EngineError | null {
  if (!isErrno(e)) return null;
  const path = e.path;
  const subject = what ?? (path ? `${path}` : 'a file');
  switch (e.code) {
    case 'ENOENT':
      return new EngineError('PATH_INVALID', `${subject} does not exist.`, {
        path,
        fix: 'Check the path, or pass the right one with an option.',
        cause: e,
      });
    case 'ENOTDIR':
      return new EngineError(
        'PATH_INVALID',
        `${subject}: a part of this path is a file, not a directory.`,
        {
          path,
          fix: 'Point ModVault at a directory.',
          cause: e,
        },
      );
    case 'EISDIR':
      return new EngineError(
        'PATH_INVALID',
        `${subject} is a directory where a file was expected.`,
        { path, cause: e },
      );
    case 'EACCES':
    case 'EPERM':
      return new EngineError('PERMISSION_DENIED', `Permission denied: ${subject}.`, {
        path,
        fix: 'Make it readable/writable by your user (ModVault never needs sudo), or choose another location.',
        cause: e,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new EngineError('NO_SPACE', `The disk is full while writing ${subject}.`, {
        path,
        fix: 'Free some space on that volume or choose a location on another disk.',
        cause: e,
      });
    case 'EROFS':
      return new EngineError('READ_ONLY', `${subject} is on a read-only file system.`, {
        path,
        fix: 'Choose a location on a writable volume.',
        cause: e,
      });
    case 'EBUSY':
    case 'ETXTBSY':
      return new EngineError('BUSY', `${subject} is in use by another program.`, {
        path,
        fix: 'Close the program using it and try again.',
        cause: e,
      });
    case 'EMFILE':
    case 'ENFILE':
      return new EngineError('BUSY', 'Too many open files.', {
        fix: 'Raise the open-file limit (ulimit -n).',
        cause: e,
      });
    default:
      return null;
  }
}

/** Any thrown value becomes an AppError; unexpected errors keep their message but say INTERNAL. */
export function toAppError(e: unknown): AppError {
  if (e instanceof EngineError) return e.toAppError();
  const mapped = fromErrno(e);
  if (mapped) return mapped.toAppError();
  if (isAppError(e)) return { code: e.code, message: e.message };
  // The store index found damaged in the middle of a query (its open did not show it).
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(errnoCode(e) ?? ''))
    return {
      code: 'CORRUPT',
      message: `The store index (index.sqlite in the backup store) is damaged: ${(e as Error).message}.`,
      fix: 'Run `modvault store repair`: it rebuilds the index from the packs and snapshot manifests (nothing is deleted).',
    };
  if (e instanceof Error && e.name === 'AbortError')
    return { code: 'CANCELED', message: 'Canceled.' };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

export function canceledError(): EngineError {
  return new EngineError('CANCELED', 'Canceled.');
}
