import { isUtf8 } from 'node:buffer';
// Reads a zip file's central directory without touching entry data, so sizes and CRCs of every
// file in a module come from a few small reads. The parser is a generator that asks for byte
// ranges; drivers below serve those reads synchronously (worker threads) or asynchronously.

export const ZIP_STORE = 0;
export const ZIP_DEFLATE = 8;

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_MIN = 46;
export const LOCAL_HEADER_SIZE = 30;

export interface ZipEntry {
  /** Name bytes decoded as UTF-8 (what Go's archive/zip and dirhash use). */
  name: string;
  /** False when the name bytes are not valid UTF-8 (Go rejects such module files). */
  nameIsUtf8: boolean;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Unix mode from the external attributes when the zip was made on Unix, else null. */
  unixMode: number | null;
}

export interface ZipIndex {
  size: number;
  /** Every entry; empty when only the summary was asked for. */
  entries: ZipEntry[];
  /** Non-directory entries and their total uncompressed size. */
  fileCount: number;
  contentBytes: number;
  /** Where the central directory starts (entry data lies below it). */
  centralDirectoryOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

export interface ReadRequest {
  position: number;
  length: number;
}

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ZipFormatError('zip: a 64-bit size is out of range');
  return Number(v);
}

function findEocd(tail: Buffer): number {
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (
      tail.readUInt32LE(i) === EOCD_SIG &&
      i + EOCD_MIN + tail.readUInt16LE(i + 20) <= tail.length
    )
      return i;
  }
  return -1;
}

/** Parses the central directory; yields the byte ranges it needs to read. */
export function* zipIndexReader(
  fileSize: number,
  summaryOnly = false,
): Generator<ReadRequest, ZipIndex, Buffer> {
  if (fileSize < EOCD_MIN) throw new ZipFormatError('zip: not a valid zip file (too short)');
  // The end record is almost always the last 22 bytes (no archive comment): look there first.
  let tailLen = Math.min(fileSize, 1024);
  let tailStart = fileSize - tailLen;
  let tail = yield { position: tailStart, length: tailLen };
  let eocd = findEocd(tail);
  if (eocd < 0 && tailLen < fileSize) {
    tailLen = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
    tailStart = fileSize - tailLen;
    tail = yield { position: tailStart, length: tailLen };
    eocd = findEocd(tail);
  }
  if (eocd < 0) throw new ZipFormatError('zip: not a valid zip file');
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) {
    throw new ZipFormatError('zip: multi-disk archives are not supported');
  }
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdPos = tailStart + eocd;
  // Where the central directory must end: at the (zip64) end record that describes it.
  let cdEnd = eocdPos;

  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locPos = eocdPos - 20;
    if (locPos < 0) throw new ZipFormatError('zip: missing zip64 locator');
    const loc = yield { position: locPos, length: 20 };
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR_SIG)
      throw new ZipFormatError('zip: missing zip64 locator');
    const recPos = u64(loc, 8);
    if (recPos + 56 > locPos) throw new ZipFormatError('zip: bad zip64 end record offset');
    const rec = yield { position: recPos, length: 56 };
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG)
      throw new ZipFormatError('zip: bad zip64 end record');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
    cdEnd = recPos;
  }
  if (cdOffset + cdSize > cdEnd)
    throw new ZipFormatError('zip: central directory is outside the file (truncated zip?)');
  if (count * CENTRAL_MIN > cdSize)
    throw new ZipFormatError('zip: entry count does not fit the central directory');

  // Offsets count from the start of the archive proper, which is not the start of the file when
  // something was prepended (a self-extractor stub): Go's archive/zip reads such zips, so do we.
  let base = cdEnd - cdSize - cdOffset;
  let cd = cdSize > 0 ? yield { position: cdOffset + base, length: cdSize } : Buffer.alloc(0);
  if (base > 0 && cd.length >= 4 && cd.readUInt32LE(0) !== CENTRAL_SIG) {
    // As Go does: the offsets may be absolute after all.
    base = 0;
    cd = yield { position: cdOffset, length: cdSize };
  }
  cdOffset += base;
  const entries: ZipEntry[] = [];
  let fileCount = 0;
  let contentBytes = 0;
  let off = 0;
  // Like Go, read every header the directory holds; the declared count must then agree (Go
  // compares 16 bits only: archives of more than 65535 entries without zip64 records exist).
  let n = 0;
  for (; off + 4 <= cd.length && cd.readUInt32LE(off) === CENTRAL_SIG; n++) {
    if (off + CENTRAL_MIN > cd.length)
      throw new ZipFormatError(`zip: corrupt central directory at entry ${n}`);
    const madeBy = cd.readUInt16LE(off + 4);
    const flags = cd.readUInt16LE(off + 8);
    const method = cd.readUInt16LE(off + 10);
    const crc32 = cd.readUInt32LE(off + 16);
    let compressedSize = cd.readUInt32LE(off + 20);
    let size = cd.readUInt32LE(off + 24);
    const nameLen = cd.readUInt16LE(off + 28);
    const extraLen = cd.readUInt16LE(off + 30);
    const commentLen = cd.readUInt16LE(off + 32);
    const externalAttrs = cd.readUInt32LE(off + 38);
    let localHeaderOffset = cd.readUInt32LE(off + 42);
    const nameStart = off + CENTRAL_MIN;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > cd.length) throw new ZipFormatError(`zip: corrupt central directory at entry ${n}`);
    const isDir = nameLen > 0 && cd[extraStart - 1] === 0x2f; // trailing '/'

    // Zip64 extended information replaces exactly the fields that are saturated.
    for (let e = extraStart; e + 4 <= extraStart + extraLen;) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      let p = e + 4;
      const end = p + len;
      if (end > extraStart + extraLen) break;
      if (id === 0x0001) {
        if (size === 0xffffffff && p + 8 <= end) {
          size = u64(cd, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff && p + 8 <= end) {
          compressedSize = u64(cd, p);
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff && p + 8 <= end) localHeaderOffset = u64(cd, p);
      }
      e = end;
    }
    localHeaderOffset += base;
    if (localHeaderOffset + LOCAL_HEADER_SIZE + compressedSize > cdOffset) {
      throw new ZipFormatError(`zip: data of entry ${n} lies outside the file (truncated zip?)`);
    }
    if (!isDir) {
      fileCount++;
      contentBytes += size;
    }
    off = next;
    if (summaryOnly) continue;
    const nameBytes = cd.subarray(nameStart, extraStart);
    const name = nameBytes.toString('utf8');
    const hostOS = madeBy >> 8;
    entries.push({
      name,
      nameIsUtf8: isUtf8(nameBytes),
      method,
      flags,
      crc32,
      compressedSize,
      size,
      localHeaderOffset,
      unixMode: hostOS === 3 ? externalAttrs >>> 16 : null,
    });
  }
  if (off < cd.length && n < count)
    throw new ZipFormatError(`zip: corrupt central directory at entry ${n}`);
  if ((n & 0xffff) !== (count & 0xffff))
    throw new ZipFormatError(
      `zip: the end record declares ${count} entries, the central directory holds ${n}`,
    );
  return { size: fileSize, entries, fileCount, contentBytes, centralDirectoryOffset: cdOffset };
}

/** Offset of an entry's data, from the local header that precedes it. */
export function dataOffsetFromLocalHeader(entry: ZipEntry, header: Buffer): number {
  if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_SIG) {
    throw new ZipFormatError(`zip: bad local header for ${entry.name}`);
  }
  return (
    entry.localHeaderOffset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28)
  );
}
