import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

// Signed notes (golang.org/x/mod/sumdb/note): how a checksum database signs its tree heads.
// Only Ed25519 keys exist; a verifier key is "<name>+<hash8>+<base64(1 || public key)>".

/** The checksum databases the go command knows by name (cmd/go/internal/modfetch/key.go). */
export const KNOWN_SUMDB_KEYS: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

const ALG_ED25519 = 1;
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const SIG_PREFIX = '\u2014 ';

export interface NoteVerifier {
  name: string;
  hash: number;
  key: KeyObject;
}

export class NoteError extends Error {
  override name = 'NoteError';
}

function keyHash(name: string, key: Buffer): number {
  return createHash('sha256').update(`${name}\n`).update(key).digest().readUInt32BE(0);
}

const validName = (name: string) => name !== '' && !/[\s+]/u.test(name);

/** Parses a verifier key as note.NewVerifier does; throws NoteError on a malformed key. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const [name = '', hash16 = '', ...rest] = vkey.split('+');
  const b64 = rest.join('+');
  const key = Buffer.from(b64, 'base64');
  if (
    !validName(name) ||
    !/^[0-9a-fA-F]{8}$/.test(hash16) ||
    key.length === 0 ||
    key.toString('base64') !== b64
  )
    throw new NoteError('malformed verifier id');
  const hash = parseInt(hash16, 16);
  if (hash !== keyHash(name, key)) throw new NoteError('invalid verifier hash');
  if (key[0] !== ALG_ED25519 || key.length !== 33)
    throw new NoteError('unknown verifier algorithm');
  return {
    name,
    hash,
    key: createPublicKey({
      key: Buffer.concat([SPKI_ED25519, key.subarray(1)]),
      format: 'der',
      type: 'spki',
    }),
  };
}

/**
 * Opens a signed note as note.Open does with one known verifier: the text, once a signature by
 * that verifier checks out. Signatures by other keys are ignored; a bad one by this key is an
 * error (a forged or altered note), as is a note it did not sign at all.
 */
export function openNote(msg: string, v: NoteVerifier): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\ufffd]/.test(msg)) throw new NoteError('malformed note');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note');
  const text = msg.slice(0, split + 1);
  const sigs = msg.slice(split + 2);
  if (sigs === '' || !sigs.endsWith('\n')) throw new NoteError('malformed note');
  let verified = false;
  for (const line of sigs.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed note');
    const [name = '', b64 = ''] = line.slice(SIG_PREFIX.length).split(' ');
    const sig = Buffer.from(b64, 'base64');
    if (!validName(name) || sig.length < 5) throw new NoteError('malformed note');
    if (name !== v.name || sig.readUInt32BE(0) !== v.hash) continue;
    if (!verify(null, Buffer.from(text), v.key, sig.subarray(4)))
      throw new NoteError(`invalid signature for key ${v.name}+${v.hash.toString(16)}`);
    verified = true;
  }
  if (!verified) throw new NoteError(`note has no verifiable signature by ${v.name}`);
  return text;
}
