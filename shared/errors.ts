/** Error codes every transport (CLI, IPC, WebSocket) reports; the UI maps them to messages. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_COMMAND',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'GO_MISSING',
  'GO_FAILED',
  'PATH_INVALID',
  'PERMISSION_DENIED',
  'NO_SPACE',
  'READ_ONLY',
  'LOCKED',
  'BUSY',
  'CANCELED',
  'TIMEOUT',
  'CORRUPT',
  'UNSAFE_PATH',
  'UNSUPPORTED',
  'DISCONNECTED',
  'INTERNAL',
  'CONFLICT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** The file or directory the error is about, when there is one. */
  path?: string;
  /** What the user can do about it, in one sentence. */
  fix?: string;
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code)
  );
}
