import { closeSync, createReadStream, readSync } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { openFileSync } from '../platform/no-follow';
import type { ScratchBuffer } from '../platform/scratch-buffer';
import type { ReadRequest, ZipEntry, ZipIndex } from './zip-index';
import {
  dataOffsetFromLocalHeader,
  LOCAL_HEADER_SIZE,
  ZIP_DEFLATE,
  ZIP_STORE,
  ZipFormatError,
  zipIndexReader,
} from './zip-index';

/** Entries at most this large are inflated in one call; larger ones are streamed. */
export const INFLATE_IN_MEMORY_LIMIT = 16 * 1024 * 1024;
const WHOLE_FILE_LIMIT = 1024 * 1024;

function drive<T>(gen: Generator<ReadRequest, T, Buffer>, read: (r: ReadRequest) => Buffer): T {
  let step = gen.next(undefined as unknown as Buffer);
  while (!step.done) step = gen.next(read(step.value));
  return step.value;
}

function preadSync(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new ZipFormatError('zip: unexpected end of file');
    done += n;
  }
  return buf;
}

function preadInto(fd: number, buf: Buffer): Buffer {
  for (let done = 0; done < buf.length;) {
    const n = readSync(fd, buf, done, buf.length - done, done);
    if (n === 0) throw new ZipFormatError('zip: unexpected end of file');
    done += n;
  }
  return buf;
}

/**
 * Reads only the central directory of a zip, synchronously; `summaryOnly` skips entry objects.
 * Like every zip read here, the file is opened without following a symlink (no-follow.ts).
 */
export function readZipIndexSync(file: string, summaryOnly = false): ZipIndex {
  const { fd, st } = openFileSync(file);
  try {
    return drive(zipIndexReader(st.size, summaryOnly), (r) => preadSync(fd, r.position, r.length));
  } finally {
    closeSync(fd);
  }
}

function checkContent(entry: ZipEntry, data: Buffer): Buffer {
  if (data.length !== entry.size)
    throw new ZipFormatError(
      `zip: ${entry.name}: size ${data.length} differs from the declared ${entry.size}`,
    );
  if (crc32(data) !== entry.crc32) throw new ZipFormatError(`zip: ${entry.name}: checksum error`);
  return data;
}

/** Checks size and CRC of a streamed entry as it passes. */
class ContentCheck extends Transform {
  private seen = 0;
  private crc = 0;
  constructor(private readonly entry: ZipEntry) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.entry.size)
      return cb(
        new ZipFormatError(
          `zip: ${this.entry.name}: more data than the declared ${this.entry.size} bytes`,
        ),
      );
    this.crc = crc32(chunk, this.crc);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    if (this.seen !== this.entry.size)
      return cb(
        new ZipFormatError(
          `zip: ${this.entry.name}: size ${this.seen} differs from the declared ${this.entry.size}`,
        ),
      );
    if (this.crc !== this.entry.crc32)
      return cb(new ZipFormatError(`zip: ${this.entry.name}: checksum error`));
    cb();
  }
}

/**
 * Random access to a zip's entries: raw (still compressed) bytes for packing and copying,
 * inflated and CRC-checked content for hashing and extracting.
 */
export class ZipReader {
  private readonly offsets = new Map<ZipEntry, number>();

  private constructor(
    readonly path: string,
    readonly index: ZipIndex,
    private fd: number | null,
    private readonly whole: Buffer | null,
  ) {}

  /**
   * `wholeInto` lets a caller that opens many zips read each into the same reusable buffer
   * (valid until that buffer is used again) instead of allocating one per zip.
   */
  static openSync(
    path: string,
    wholeFileLimit = WHOLE_FILE_LIMIT,
    wholeInto?: ScratchBuffer,
  ): ZipReader {
    const { fd, st } = openFileSync(path);
    try {
      const { size } = st;
      // Small zips are read in one go: one syscall instead of two per entry.
      const whole =
        size > wholeFileLimit
          ? null
          : wholeInto
            ? preadInto(fd, wholeInto.get(size).subarray(0, size))
            : preadSync(fd, 0, size);
      const read = whole
        ? (r: ReadRequest) => whole.subarray(r.position, r.position + r.length)
        : (r: ReadRequest) => preadSync(fd, r.position, r.length);
      const index = drive(zipIndexReader(size), read);
      return new ZipReader(path, index, fd, whole);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  get entries(): ZipEntry[] {
    return this.index.entries;
  }

  private read(position: number, length: number): Buffer {
    if (position + length > this.index.size)
      throw new ZipFormatError('zip: unexpected end of file');
    if (this.whole) return this.whole.subarray(position, position + length);
    if (this.fd === null) throw new Error('zip reader is closed');
    return preadSync(this.fd, position, length);
  }

  dataOffset(entry: ZipEntry): number {
    let off = this.offsets.get(entry);
    if (off === undefined) {
      off = dataOffsetFromLocalHeader(entry, this.read(entry.localHeaderOffset, LOCAL_HEADER_SIZE));
      if (off + entry.compressedSize > this.index.centralDirectoryOffset)
        throw new ZipFormatError(`zip: data of ${entry.name} overlaps the central directory`);
      this.offsets.set(entry, off);
    }
    return off;
  }

  /** The entry's bytes exactly as stored (deflated for method 8); a copy the caller may keep. */
  readRaw(entry: ZipEntry): Buffer {
    return this.read(this.dataOffset(entry), entry.compressedSize);
  }

  /** Like readRaw, but into `scratch`: the bytes are valid until the scratch buffer is reused. */
  readRawInto(entry: ZipEntry, scratchBuffer: ScratchBuffer): Buffer {
    const position = this.dataOffset(entry);
    const length = entry.compressedSize;
    if (this.whole) return this.whole.subarray(position, position + length);
    if (this.fd === null) throw new Error('zip reader is closed');
    if (position + length > this.index.size)
      throw new ZipFormatError('zip: unexpected end of file');
    const scratch = scratchBuffer.get(length);
    for (let done = 0; done < length;) {
      const n = readSync(this.fd, scratch, done, length - done, position + done);
      if (n === 0) throw new ZipFormatError('zip: unexpected end of file');
      done += n;
    }
    return scratch.subarray(0, length);
  }

  /** Inflated, size- and CRC-checked content of an entry of at most INFLATE_IN_MEMORY_LIMIT bytes. */
  readContent(entry: ZipEntry, raw: Buffer = this.readRaw(entry)): Buffer {
    if (entry.flags & 1) throw new ZipFormatError(`zip: ${entry.name} is encrypted`);
    if (entry.size > INFLATE_IN_MEMORY_LIMIT)
      throw new RangeError('entry too large to inflate in memory; stream it');
    if (entry.method === ZIP_STORE) return checkContent(entry, Buffer.from(raw));
    if (entry.method !== ZIP_DEFLATE)
      throw new ZipFormatError(
        `zip: ${entry.name} uses unsupported compression method ${entry.method}`,
      );
    let data: Buffer;
    try {
      // One extra byte of room reveals data beyond the declared size.
      // One output chunk of the declared size: no 16 KiB pieces to allocate and join.
      data = inflateRawSync(raw, {
        chunkSize: Math.max(64, entry.size + 1),
        maxOutputLength: Math.max(1, entry.size + 1),
      });
    } catch (e) {
      if (e instanceof RangeError)
        throw new ZipFormatError(
          `zip: ${entry.name}: more data than the declared ${entry.size} bytes`,
        );
      throw new ZipFormatError(`zip: ${entry.name}: ${(e as Error).message}`);
    }
    return checkContent(entry, data);
  }

  /** The entry's raw bytes as a stream (from the open descriptor: the path is not reopened). */
  rawStream(entry: ZipEntry): Readable {
    const start = this.dataOffset(entry);
    if (this.whole)
      return Readable.from([this.whole.subarray(start, start + entry.compressedSize)]);
    if (entry.compressedSize === 0) return Readable.from([]);
    if (this.fd === null) throw new Error('zip reader is closed');
    return createReadStream(this.path, {
      fd: this.fd,
      autoClose: false,
      start,
      end: start + entry.compressedSize - 1,
    });
  }

  /** The entry's content as a checked stream (any size). */
  contentStream(entry: ZipEntry): Readable {
    if (entry.flags & 1) throw new ZipFormatError(`zip: ${entry.name} is encrypted`);
    if (entry.method !== ZIP_STORE && entry.method !== ZIP_DEFLATE)
      throw new ZipFormatError(
        `zip: ${entry.name} uses unsupported compression method ${entry.method}`,
      );
    const raw = this.rawStream(entry);
    const check = new ContentCheck(entry);
    const inflated = entry.method === ZIP_DEFLATE ? raw.pipe(createInflateRaw()) : raw;
    raw.on('error', (e) => check.destroy(e));
    if (inflated !== raw)
      inflated.on('error', (e) =>
        check.destroy(new ZipFormatError(`zip: ${entry.name}: ${e.message}`)),
      );
    return inflated.pipe(check);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
