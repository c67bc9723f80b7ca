import { z } from 'zod';
import type { AppError } from '../../../shared/errors';

// Remote credentials and passphrases are sealed by the OS keychain, which only the desktop shell
// can reach (Electron's safeStorage). The engine runs in another process, so it asks: a request
// frame from the engine to the front end that announced `secrets: true` in its handshake, and a
// reply frame back, matched by id. Both ends validate what they receive.

/** What the shell holds: Electron's safeStorage, synchronous, in the shell's process. */
export interface KeychainCipher {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** A credentials document or a passphrase is small; anything larger is not one of ours. */
export const MAX_SECRET_CHARS = 16 * 1024;
/** Sealed bytes, base64: the keychain adds a header, a nonce and a tag to the plain text. */
const MAX_SEALED_BASE64 = 4 * MAX_SECRET_CHARS;

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const base64 = z
  .string()
  .min(1)
  .max(MAX_SEALED_BASE64)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

export const secretRequestFrame = z.discriminatedUnion('op', [
  z.object({ t: z.literal('secret'), id, op: z.literal('available') }).strict(),
  z
    .object({
      t: z.literal('secret'),
      id,
      op: z.literal('encrypt'),
      plain: z.string().max(MAX_SECRET_CHARS),
    })
    .strict(),
  z.object({ t: z.literal('secret'), id, op: z.literal('decrypt'), sealed: base64 }).strict(),
]);
export type SecretRequest = z.infer<typeof secretRequestFrame>;
export type SecretOp = SecretRequest['op'];

const replyError = z
  .object({
    code: z.enum(['UNSUPPORTED', 'INVALID_INPUT', 'INTERNAL']),
    message: z.string().max(2048),
  })
  .strict();

export const secretReplyFrame = z.union([
  z
    .object({
      t: z.literal('secret-reply'),
      id,
      ok: z.literal(true),
      /** available: boolean; encrypt: the sealed bytes in base64; decrypt: the plain text. */
      value: z.union([z.boolean(), z.string().max(MAX_SEALED_BASE64)]),
    })
    .strict(),
  z.object({ t: z.literal('secret-reply'), id, ok: z.literal(false), error: replyError }).strict(),
]);
export type SecretReply = z.infer<typeof secretReplyFrame>;

/** Which shape a successful reply's value must have, per request. */
export const replyValue = {
  available: z.boolean(),
  encrypt: base64,
  decrypt: z.string().max(MAX_SECRET_CHARS),
} satisfies Record<SecretOp, z.ZodType>;

/**
 * The front end's side: answers one request frame with its keychain (null when it has none).
 * Never throws; a malformed request is answered with INVALID_INPUT when its id is readable.
 */
export function answerSecretRequest(
  cipher: KeychainCipher | null,
  frame: unknown,
): SecretReply | null {
  const parsed = secretRequestFrame.safeParse(frame);
  const fail = (rid: number, code: AppError['code'] & SecretReplyCode, message: string) =>
    ({ t: 'secret-reply', id: rid, ok: false, error: { code, message } }) as const;
  if (!parsed.success) {
    const rid = id.safeParse((frame as { id?: unknown } | null)?.id);
    return rid.success
      ? fail(
          rid.data,
          'INVALID_INPUT',
          `Malformed secret request: ${z.prettifyError(parsed.error)}`,
        )
      : null;
  }
  const req = parsed.data;
  const ok = (value: string | boolean) =>
    ({ t: 'secret-reply', id: req.id, ok: true, value }) as const;
  try {
    if (req.op === 'available') return ok(cipher?.available() ?? false);
    if (!cipher?.available())
      return fail(req.id, 'UNSUPPORTED', 'The OS keychain is not available to ModVault here.');
    if (req.op === 'encrypt') return ok(cipher.encrypt(req.plain).toString('base64'));
    return ok(cipher.decrypt(Buffer.from(req.sealed, 'base64')));
  } catch (e) {
    return fail(req.id, 'INTERNAL', `The OS keychain failed to ${req.op}: ${String(e)}`);
  }
}

type SecretReplyCode = z.infer<typeof replyError>['code'];
