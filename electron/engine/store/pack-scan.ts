import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { HashEnv } from '../gomod/zip-hash';
import { BASE_REF_SIZE } from './blob-encoding';
import type { BlobKind } from './pack-format';
import {
  Codec,
  decodeRecordHeader,
  PACK_MAGIC,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC_BYTES,
} from './pack-format';
import { checkData } from './pack-task';

/** A record of a pack whose content checked out, as its header describes it. */
export interface ScannedBlob {
  /** Where the stored bytes start (after the record header). */
  offset: number;
  /** Hex. */
  sha256: string;
  size: number;
  crc32: number;
  codec: Codec;
  kind: BlobKind;
  storedSize: number;
  /** Hex SHA-256 of the stored bytes (for codec deflate: the zip entry stream it came from). */
  rawSha256: string | null;
  /**
   * A delta's base (hex SHA-256, as its stored bytes name it). A delta's content is not checked
   * by the scan: its base may be in another pack, so the caller checks it once all are indexed.
   */
  base: string | null;
}

export interface PackScan {
  size: number;
  /** The pack starts with the pack magic. */
  magic: boolean;
  blobs: ScannedBlob[];
  /** Byte ranges no valid record covers (damaged records, garbage, a cut-off tail). */
  damaged: { offset: number; length: number }[];
  bytesRead: number;
}

const CHUNK = 1 << 20;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** The next position at or after `from` where a record magic appears, or -1. */
function nextMagic(fd: number, from: number, size: number): number {
  const overlap = RECORD_MAGIC_BYTES.length - 1;
  for (let at = from; at < size; at += CHUNK - overlap) {
    const chunk = readAt(fd, at, Math.min(CHUNK, size - at));
    const i = chunk.indexOf(RECORD_MAGIC_BYTES);
    if (i >= 0) return at + i;
    if (chunk.length < CHUNK) break;
  }
  return -1;
}

/**
 * Reads a pack without the index: walks its records by their headers, decodes and re-hashes
 * every blob, and after a damaged record (a bad header, damaged data, a garbled length) finds
 * the next record by its magic. Only blobs whose content matches their header's SHA-256, size
 * and CRC are returned (deltas: see deltaRecord): what `store repair` may index.
 */
export async function scanPack(a: { file: string }, env: HashEnv): Promise<PackScan> {
  const fd = openSync(a.file, 'r');
  try {
    const size = fstatSync(fd).size;
    const magic = readAt(fd, 0, PACK_MAGIC.length).equals(PACK_MAGIC);
    const scan: PackScan = { size, magic, blobs: [], damaged: [], bytesRead: 0 };
    let pos = magic ? PACK_MAGIC.length : 0;
    let damagedFrom: number | null = magic ? null : 0;
    while (pos < size) {
      const blob = await recordAt(a.file, fd, pos, size, env);
      if (blob) {
        if (damagedFrom !== null)
          scan.damaged.push({ offset: damagedFrom, length: pos - damagedFrom });
        damagedFrom = null;
        scan.blobs.push(blob);
        scan.bytesRead += RECORD_HEADER_SIZE + blob.storedSize;
        pos = blob.offset + blob.storedSize;
        continue;
      }
      damagedFrom ??= pos;
      const next = nextMagic(fd, pos + 1, size);
      pos = next < 0 ? size : next;
    }
    if (damagedFrom !== null)
      scan.damaged.push({ offset: damagedFrom, length: size - damagedFrom });
    return scan;
  } finally {
    closeSync(fd);
  }
}

async function recordAt(
  file: string,
  fd: number,
  pos: number,
  size: number,
  env: HashEnv,
): Promise<ScannedBlob | null> {
  if (pos + RECORD_HEADER_SIZE > size) return null;
  let meta;
  try {
    meta = decodeRecordHeader(readAt(fd, pos, RECORD_HEADER_SIZE));
  } catch {
    return null;
  }
  const offset = pos + RECORD_HEADER_SIZE;
  if (offset + meta.storedSize > size) return null;
  const { base: _b, ...facts } = meta;
  const sha256 = meta.sha256.toString('hex');
  const blob = { ...facts, sha256, offset, kind: meta.kind ?? 0 };
  if (meta.codec === Codec.DeflateDict) return deltaRecord(fd, blob, size);
  const data = await checkData(file, fd, blob, env);
  if (data.problem) return null;
  return { ...blob, rawSha256: data.rawSha256, base: null };
}

/**
 * A delta's record, read without its base (which may lie in a pack not scanned yet): what its
 * stored bytes name as base, for the caller to decode and check once every pack is indexed. Its
 * length is trusted only when the next record (or the end of the pack) is where it says.
 */
function deltaRecord(
  fd: number,
  blob: Omit<ScannedBlob, 'rawSha256' | 'base'>,
  size: number,
): ScannedBlob | null {
  if (blob.storedSize < BASE_REF_SIZE) return null;
  const end = blob.offset + blob.storedSize;
  if (end < size && !readAt(fd, end, RECORD_MAGIC_BYTES.length).equals(RECORD_MAGIC_BYTES))
    return null;
  const stored = readAt(fd, blob.offset, blob.storedSize);
  return {
    ...blob,
    rawSha256: createHash('sha256').update(stored).digest('hex'),
    base: stored.subarray(0, BASE_REF_SIZE).toString('hex'),
  };
}
