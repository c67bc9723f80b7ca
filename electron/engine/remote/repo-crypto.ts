import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import { EngineError } from '../errors';
import type { ByteRange } from './object-store';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** What the remote's config says about its encryption (never the key). */
export interface EncryptionParams {
  cipher: 'aes-256-gcm';
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  /** HMAC of a constant under a key derived from the passphrase: tells a wrong passphrase. */
  check: string;
}

const MAGIC = Buffer.from('MVENC1\0\0', 'latin1');
const NONCE_PREFIX = 8;
const HEADER = MAGIC.length + NONCE_PREFIX;
const TAG = 16;
/** Plaintext per authenticated segment: a byte range of a pack is decrypted on its own. */
export const SEGMENT = 64 * 1024;
const KDF = { N: 1 << 15, r: 8, p: 1 };

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function tampered(name: string): EngineError {
  return new EngineError(
    'CORRUPT',
    `The remote object ${name} failed its authentication check: it was changed, damaged or is not from this remote.`,
    {
      fix: 'Nothing from it was used. Run `modvault remote check NAME --read-data` to list what is affected; push again from a machine that has the snapshots.',
    },
  );
}

/**
 * Client-side encryption of a remote: a passphrase (scrypt) gives an AES-256-GCM key and an
 * HMAC key; neither leaves the machine. Every object is sealed in segments of 64 KiB, each
 * authenticated with the object's name, its index and whether it is the last, so a range of a
 * pack can be read alone, and a swapped, truncated or altered object is refused. Names of
 * content-addressed objects are HMACs, so the listing shows no content hash.
 */
export class RepoKeys {
  private constructor(
    private readonly dataKey: Buffer,
    private readonly nameKey: Buffer,
  ) {}

  static async create(passphrase: string): Promise<{ keys: RepoKeys; params: EncryptionParams }> {
    const salt = randomBytes(16);
    const { keys, check } = await RepoKeys.derive(passphrase, salt, KDF);
    return {
      keys,
      params: {
        cipher: 'aes-256-gcm',
        kdf: 'scrypt',
        ...KDF,
        salt: salt.toString('base64'),
        check: check.toString('base64'),
      },
    };
  }

  static async open(
    passphrase: string,
    params: EncryptionParams,
    label: string,
  ): Promise<RepoKeys> {
    if (params.cipher !== 'aes-256-gcm' || params.kdf !== 'scrypt')
      throw new EngineError(
        'UNSUPPORTED',
        `${label} uses an encryption this ModVault does not know.`,
        {
          fix: 'Upgrade ModVault.',
        },
      );
    const { keys, check } = await RepoKeys.derive(
      passphrase,
      Buffer.from(params.salt, 'base64'),
      params,
    );
    const want = Buffer.from(params.check, 'base64');
    if (want.length !== check.length || !timingSafeEqual(want, check))
      throw new EngineError('UNAUTHORIZED', `Wrong passphrase for ${label}.`, {
        fix: 'Give the passphrase the remote was created with (MODVAULT_PASSPHRASE, --passphrase-file, or the one saved in Settings).',
      });
    return keys;
  }

  private static async derive(
    passphrase: string,
    salt: Buffer,
    p: { N: number; r: number; p: number },
  ): Promise<{ keys: RepoKeys; check: Buffer }> {
    const master = await scryptAsync(passphrase.normalize('NFC'), salt, 32, {
      ...p,
      maxmem: 256 * p.N * p.r,
    });
    const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, salt, info, 32));
    const check = createHmac('sha256', sub('modvault check')).update('modvault-remote').digest();
    return { keys: new RepoKeys(sub('modvault data'), sub('modvault names')), check };
  }

  /** The object name for content with this hash: keyed, so it reveals nothing about it. */
  name(kind: string, sha256hex: string): string {
    return createHmac('sha256', this.nameKey).update(`${kind}:${sha256hex}`).digest('hex');
  }

  /** Size of the sealed object for `plain` bytes of plaintext. */
  static sealedSize(plain: number): number {
    return HEADER + plain + TAG * Math.max(1, Math.ceil(plain / SEGMENT));
  }

  seal(name: string, plain: Buffer): Buffer {
    const prefix = randomBytes(NONCE_PREFIX);
    const count = Math.max(1, Math.ceil(plain.length / SEGMENT));
    const out = Buffer.allocUnsafe(RepoKeys.sealedSize(plain.length));
    MAGIC.copy(out, 0);
    prefix.copy(out, MAGIC.length);
    let at = HEADER;
    for (let i = 0; i < count; i++) {
      const chunk = plain.subarray(i * SEGMENT, (i + 1) * SEGMENT);
      const c = createCipheriv('aes-256-gcm', this.dataKey, nonce(prefix, i));
      c.setAAD(aad(name, i, i === count - 1));
      at += c.update(chunk).copy(out, at);
      at += c.final().copy(out, at);
      at += c.getAuthTag().copy(out, at);
    }
    return out;
  }

  open(name: string, sealed: Buffer): Buffer {
    if (sealed.length < HEADER + TAG || !sealed.subarray(0, MAGIC.length).equals(MAGIC))
      throw tampered(name);
    const plainSize = plainSizeOf(sealed.length);
    if (plainSize < 0) throw tampered(name);
    return this.openSegments(
      name,
      sealed.subarray(HEADER),
      0,
      plainSize,
      sealed.subarray(MAGIC.length, HEADER),
    );
  }

  /**
   * Where plaintext bytes [start, end] of an object of `plainSize` bytes lie in the sealed
   * object: the header, and the whole segments that hold them.
   */
  static sealedRange(r: ByteRange): { header: ByteRange; segments: ByteRange; first: number } {
    const first = Math.floor(r.start / SEGMENT);
    const last = Math.floor(r.end / SEGMENT);
    return {
      header: { start: 0, end: HEADER - 1 },
      segments: {
        start: HEADER + first * (SEGMENT + TAG),
        end: HEADER + (last + 1) * (SEGMENT + TAG) - 1,
      },
      first,
    };
  }

  /** Decrypts the segments read for `sealedRange` and returns plaintext bytes [start, end]. */
  openRange(
    name: string,
    header: Buffer,
    segments: Buffer,
    r: ByteRange,
    plainSize: number,
  ): Buffer {
    if (header.length !== HEADER || !header.subarray(0, MAGIC.length).equals(MAGIC))
      throw tampered(name);
    const first = Math.floor(r.start / SEGMENT);
    const plain = this.openSegments(
      name,
      segments,
      first,
      plainSize,
      header.subarray(MAGIC.length),
    );
    const base = first * SEGMENT;
    if (plain.length < r.end + 1 - base) throw tampered(name);
    return plain.subarray(r.start - base, r.end + 1 - base);
  }

  private openSegments(
    name: string,
    data: Buffer,
    first: number,
    plainSize: number,
    prefix: Buffer,
  ): Buffer {
    const count = Math.max(1, Math.ceil(plainSize / SEGMENT));
    const parts: Buffer[] = [];
    let at = 0;
    for (let i = first; at < data.length; i++) {
      if (i >= count) throw tampered(name);
      const len = Math.min(SEGMENT, plainSize - i * SEGMENT);
      const end = at + len + TAG;
      if (end > data.length) throw tampered(name);
      const d = createDecipheriv('aes-256-gcm', this.dataKey, nonce(prefix, i));
      d.setAAD(aad(name, i, i === count - 1));
      d.setAuthTag(data.subarray(end - TAG, end));
      try {
        parts.push(d.update(data.subarray(at, end - TAG)), d.final());
      } catch {
        throw tampered(name);
      }
      at = end;
    }
    return Buffer.concat(parts);
  }
}

/** Plaintext size of a sealed object of `sealed` bytes (-1 when no size fits). */
function plainSizeOf(sealed: number): number {
  const body = sealed - HEADER;
  const full = Math.floor(body / (SEGMENT + TAG));
  const rest = body - full * (SEGMENT + TAG);
  if (rest === 0) return full === 0 ? -1 : full * SEGMENT;
  return rest >= TAG ? full * SEGMENT + rest - TAG : -1;
}

function nonce(prefix: Buffer, i: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(i, 8);
  return n;
}

function aad(name: string, i: number, last: boolean): Buffer {
  return Buffer.concat([Buffer.from(`${name}\0${i}\0`), Buffer.from([last ? 1 : 0])]);
}
