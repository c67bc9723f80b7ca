// A pack is a file of blobs: an 8-byte magic, then records of a fixed-size header followed by the
// blob's stored bytes. Headers repeat what the index says about each blob, so a pack can be
// checked (and its blobs recognized) without the index.

export const PACK_MAGIC = Buffer.from('MVPACK\r\x01', 'latin1');
const RECORD_MAGIC = 0x31424c42; // "BLB1"
export const RECORD_HEADER_SIZE = 60;

export enum Codec {
  /** The content itself. */
  Raw = 0,
  /** A raw deflate stream (RFC 1951), exactly as in a zip entry of method 8. */
  Deflate = 1,
  /**
   * A delta: the SHA-256 of a base blob (32 bytes), then a raw deflate stream compressed with
   * the end of the base's content as its preset dictionary (see blob-encoding.ts). The base is
   * always a Raw or Deflate blob: a chain is one step deep.
   */
  DeflateDict = 2,
}

export const isCodec = (c: number): c is Codec =>
  c === Codec.Raw || c === Codec.Deflate || c === Codec.DeflateDict;

export interface BlobMeta {
  /** SHA-256 of the content (32 bytes). */
  sha256: Buffer;
  /** Content size and CRC-32 (what a zip entry's header needs). */
  size: number;
  crc32: number;
  codec: Codec;
  storedSize: number;
  /** A delta's base: its SHA-256 (the first bytes of the delta's stored bytes say it too). */
  base?: Buffer;
}

export class PackFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackFormatError';
  }
}

export function encodeRecordHeader(m: BlobMeta): Buffer {
  const h = Buffer.alloc(RECORD_HEADER_SIZE);
  h.writeUInt32LE(RECORD_MAGIC, 0);
  m.sha256.copy(h, 4);
  h.writeUInt8(m.codec, 36);
  h.writeUInt32LE(m.crc32 >>> 0, 40);
  h.writeBigUInt64LE(BigInt(m.size), 44);
  h.writeBigUInt64LE(BigInt(m.storedSize), 52);
  return h;
}

export function decodeRecordHeader(h: Buffer): BlobMeta {
  if (h.length < RECORD_HEADER_SIZE || h.readUInt32LE(0) !== RECORD_MAGIC)
    throw new PackFormatError('not a blob record header');
  const codec = h.readUInt8(36);
  if (!isCodec(codec)) throw new PackFormatError(`unknown codec ${codec}`);
  return {
    sha256: Buffer.from(h.subarray(4, 36)),
    codec,
    crc32: h.readUInt32LE(40),
    size: Number(h.readBigUInt64LE(44)),
    storedSize: Number(h.readBigUInt64LE(52)),
  };
}
