// A pack is a file of blobs: an 8-byte magic, then records of a fixed-size header followed by the
// blob's stored bytes. Headers repeat what the index says about each blob (SHA-256, sizes, CRC,
// codec, kind), so a pack can be checked, and the index's blob table rebuilt, without the index.
//
// Record header (little endian): 0 magic "BLB1" · 4 SHA-256 of the content (32) · 36 codec ·
// 37 kind · 38 reserved (2, zero) · 40 CRC-32 of the content · 44 content size (u64) ·
// 52 stored size (u64). Packs written before the kind byte existed have 0 there: data.

export const PACK_MAGIC = Buffer.from('MVPACK\r\x01', 'latin1');
const RECORD_MAGIC = 0x31424c42; // "BLB1"
export const RECORD_HEADER_SIZE = 60;
/** The record magic as it appears in a pack, to find the next record after a damaged one. */
export const RECORD_MAGIC_BYTES = Buffer.from('BLB1', 'latin1');

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

/** Codecs this version can decode; a new codec is added to the enum and here. */
export const KNOWN_CODECS: ReadonlySet<number> = new Set([
  Codec.Raw,
  Codec.Deflate,
  Codec.DeflateDict,
]);

/** What a blob holds: file contents, or the store's own description of snapshots. */
export enum BlobKind {
  /** The content of a file of a cache (module file, .mod, .info, sumdb, build cache). */
  Data = 0,
  /** JSON written by ModVault: a module version's file list, a snapshot's version or file set. */
  Metadata = 1,
}

const KNOWN_KINDS: ReadonlySet<number> = new Set([BlobKind.Data, BlobKind.Metadata]);

export interface BlobMeta {
  /** SHA-256 of the content (32 bytes). */
  sha256: Buffer;
  /** Content size and CRC-32 (what a zip entry's header needs). */
  size: number;
  crc32: number;
  codec: Codec;
  storedSize: number;
  /** Data when absent. */
  kind?: BlobKind;
  /** A delta's base: its SHA-256 (the first bytes of the delta's stored bytes say it too). */
  base?: Buffer;
}

/** The record header facts of a blob described with a hex hash (as workers and the index do). */
export function blobMeta(b: {
  sha256: string;
  size: number;
  crc32: number;
  codec: Codec;
  storedSize: number;
  kind?: BlobKind;
}): BlobMeta {
  const { size, crc32, codec, storedSize, kind } = b;
  return { sha256: Buffer.from(b.sha256, 'hex'), size, crc32, codec, storedSize, kind };
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
  h.writeUInt8(m.kind ?? BlobKind.Data, 37);
  h.writeUInt32LE(m.crc32 >>> 0, 40);
  h.writeBigUInt64LE(BigInt(m.size), 44);
  h.writeBigUInt64LE(BigInt(m.storedSize), 52);
  return h;
}

export function decodeRecordHeader(h: Buffer): BlobMeta {
  if (h.length < RECORD_HEADER_SIZE || h.readUInt32LE(0) !== RECORD_MAGIC)
    throw new PackFormatError('not a blob record header');
  const codec = h.readUInt8(36);
  if (!KNOWN_CODECS.has(codec)) throw new PackFormatError(`unknown codec ${codec}`);
  const kind = h.readUInt8(37);
  if (!KNOWN_KINDS.has(kind)) throw new PackFormatError(`unknown blob kind ${kind}`);
  return {
    sha256: Buffer.from(h.subarray(4, 36)),
    codec,
    kind,
    crc32: h.readUInt32LE(40),
    size: Number(h.readBigUInt64LE(44)),
    storedSize: Number(h.readBigUInt64LE(52)),
  };
}
