import { createHash } from 'node:crypto';
import type { BlobLocation } from '../store/blob-index';
import { encodeRecordHeader, PACK_MAGIC, RECORD_HEADER_SIZE } from '../store/pack-format';

export interface BuiltBlob {
  sha256: string;
  /** Where the stored bytes start in the pack (after the record header). */
  offset: number;
  storedSize: number;
  size: number;
  crc32: number;
  codec: number;
}

export interface BuiltPack {
  /** SHA-256 of the pack's bytes (hex): its name on the remote. */
  sha256: string;
  size: number;
  bytes: Buffer;
  blobs: BuiltBlob[];
  /** Drops the bytes once uploaded. */
  release(): void;
}

/**
 * Builds remote packs in memory, in the store's own pack format (magic, then a record header
 * before each blob's stored bytes), so a remote pack describes itself exactly like a local one.
 */
export class PackBuilder {
  private parts: Buffer[] = [PACK_MAGIC];
  private size = PACK_MAGIC.length;
  private blobs: BuiltBlob[] = [];

  constructor(private readonly targetBytes: number) {}

  static recordSize(storedSize: number): number {
    return RECORD_HEADER_SIZE + storedSize;
  }

  /** Adds a blob's stored bytes; returns the pack when it is full. */
  add(loc: BlobLocation, stored: Buffer): BuiltPack | null {
    this.parts.push(encodeRecordHeader(loc), stored);
    this.blobs.push({
      sha256: loc.sha256.toString('hex'),
      offset: this.size + RECORD_HEADER_SIZE,
      storedSize: loc.storedSize,
      size: loc.size,
      crc32: loc.crc32 >>> 0,
      codec: loc.codec,
    });
    this.size += RECORD_HEADER_SIZE + stored.length;
    return this.size >= this.targetBytes ? this.seal() : null;
  }

  finish(): BuiltPack | null {
    return this.blobs.length > 0 ? this.seal() : null;
  }

  private seal(): BuiltPack {
    let bytes: Buffer | null = Buffer.concat(this.parts, this.size);
    const pack: BuiltPack = {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: this.size,
      get bytes() {
        if (!bytes) throw new Error('internal: pack bytes used after release');
        return bytes;
      },
      blobs: this.blobs,
      release: () => {
        bytes = null;
      },
    };
    this.parts = [PACK_MAGIC];
    this.size = PACK_MAGIC.length;
    this.blobs = [];
    return pack;
  }
}
