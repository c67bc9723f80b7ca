import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import type { BlobMeta } from './pack-format';
import { Codec } from './pack-format';

/** Below this size deflate rarely wins anything worth a record. */
const MIN_DEFLATE = 64;

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
