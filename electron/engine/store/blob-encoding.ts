import { createHash } from 'node:crypto';
import type { Transform } from 'node:stream';
import { crc32, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BlobMeta } from './pack-format';
import { Codec } from './pack-format';

// The store's one codec implementation: every reader (snapshot, restore, check, export, the
// proxy) decodes stored bytes here, and every writer encodes here.

/** Below this size deflate rarely wins anything worth a record. */
const MIN_DEFLATE = 64;
/** Deflate reaches back 32 KiB: only the end of a longer base can serve as the dictionary. */
export const DICT_WINDOW = 32 * 1024;
/** A delta's stored bytes start with its base's SHA-256. */
export const BASE_REF_SIZE = 32;
/** Contents (and bases) up to this size are delta-encoded; both sides stay in memory. */
export const DELTA_MAX = 1024 * 1024;
/** A delta is kept only when it is at most this share of the plain deflate stream. */
const DELTA_KEEP = 0.5;

export interface EncodedBlob {
  meta: BlobMeta;
  stored: Buffer;
}

/**
 * Encodes a small file's content the way zip entries are stored (a raw deflate stream), or as is
 * when deflate does not make it smaller (already compressed data, tiny files).
 */
export function encodeContent(content: Buffer): EncodedBlob {
  const sha256 = createHash('sha256').update(content).digest();
  const base = { sha256, size: content.length, crc32: crc32(content) };
  if (content.length >= MIN_DEFLATE) {
    const deflated = deflateRawSync(content, { level: 6 });
    if (deflated.length < content.length)
      return {
        meta: { ...base, codec: Codec.Deflate, storedSize: deflated.length },
        stored: deflated,
      };
  }
  return { meta: { ...base, codec: Codec.Raw, storedSize: content.length }, stored: content };
}

const dictionaryOf = (base: Buffer) =>
  base.length > DICT_WINDOW ? base.subarray(base.length - DICT_WINDOW) : base;

/**
 * A delta of `content` against `base` (the same file in an earlier version of the module),
 * or null when it does not pay: above DELTA_MAX, or not at most DELTA_KEEP of `plainSize`
 * (the deflate stream the zip already holds).
 */
export function encodeDelta(
  content: Buffer,
  base: Buffer,
  baseSha256: Buffer,
  plainSize: number,
): Buffer | null {
  if (content.length > DELTA_MAX || base.length > DELTA_MAX || base.length === 0) return null;
  const stream = deflateRawSync(content, { level: 6, dictionary: dictionaryOf(base) });
  if (BASE_REF_SIZE + stream.length > plainSize * DELTA_KEEP) return null;
  return Buffer.concat([baseSha256, stream]);
}

/** The base a delta's stored bytes name (null for the other codecs). */
export function deltaBase(codec: Codec, stored: Buffer): Buffer | null {
  if (codec !== Codec.DeflateDict) return null;
  if (stored.length < BASE_REF_SIZE) throw new Error('a delta shorter than its base reference');
  return stored.subarray(0, BASE_REF_SIZE);
}

/**
 * Decodes stored bytes in memory. A delta needs its base's content (decoded and checked by the
 * caller), and must name that base. Output beyond `size` is an error, not a bigger buffer.
 */
export function decodeStored(
  b: { codec: Codec; size: number },
  stored: Buffer,
  base: { sha256: Buffer; content: Buffer } | null = null,
): Buffer {
  const limits = { chunkSize: Math.max(64, b.size + 1), maxOutputLength: Math.max(1, b.size + 1) };
  switch (b.codec) {
    case Codec.Raw:
      return stored;
    case Codec.Deflate:
      return inflateRawSync(stored, limits);
    case Codec.DeflateDict: {
      const ref = deltaBase(b.codec, stored)!;
      if (!base) throw new Error('its base blob is missing');
      if (!ref.equals(base.sha256)) throw new Error('it names another base blob');
      return inflateRawSync(stored.subarray(BASE_REF_SIZE), {
        ...limits,
        dictionary: dictionaryOf(base.content),
      });
    }
    default:
      throw new Error(`unknown codec ${String(b.codec)}`);
  }
}

/**
 * A stream decoder for large blobs (null: the bytes are the content). Deltas are never larger
 * than DELTA_MAX, so they are always decoded in memory.
 */
export function decodingStream(codec: Codec): Transform | null {
  if (codec === Codec.Raw) return null;
  if (codec === Codec.Deflate) return createInflateRaw();
  throw new RangeError('a delta blob is decoded in memory, never streamed');
}

/**
 * How a blob becomes a zip entry: a Deflate blob's stored stream is the entry's data as is
 * (method 8); a Raw one is stored (method 0); a delta's content is stored too (method 0), since
 * its stream needs a dictionary no zip reader has — so a rebuilt zip costs no compression.
 */
export function zipEntryEncoding(b: { codec: Codec; size: number; storedSize: number }): {
  method: 0 | 8;
  storedSize: number;
} {
  if (b.codec === Codec.Deflate) return { method: 8, storedSize: b.storedSize };
  if (b.codec === Codec.DeflateDict) return { method: 0, storedSize: b.size };
  return { method: 0, storedSize: b.storedSize };
}
