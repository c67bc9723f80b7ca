import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { BlobIndex, BlobLocation } from './blob-index';
import { DamagedBlobError, NO_PACK } from './blob-errors';
import { decodeStored, decodingStream, deltaBase } from './blob-encoding';
import { Codec } from './pack-format';

/** Blobs up to this size are decoded in memory; larger ones only as streams. */
export const IN_MEMORY_BLOB_LIMIT = 16 * 1024 * 1024;

function corruptBlob(loc: BlobLocation, packsDir: string, why: string): EngineError {
  const file = path.join(packsDir, loc.pack);
  const sha = loc.sha256.toString('hex');
  return new DamagedBlobError(
    sha,
    loc.pack === NO_PACK
      ? `Blob ${sha.slice(0, 16)}… is lost: no pack holds it any more.`
      : `Blob ${sha.slice(0, 16)}… in pack ${loc.pack} is damaged: ${why}.`,
    {
      path: file,
      fix: 'Take a new snapshot while the cache still holds this data: it is stored again. `modvault check --read-data` lists what is affected.',
    },
  );
}

/** Checks decoded content as it streams: size, CRC-32 and SHA-256 against the index. */
class ContentVerifier extends Transform {
  private size = 0;
  private crc = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly loc: BlobLocation,
    private readonly packsDir: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.crc = crc32(chunk, this.crc);
    this.hash.update(chunk);
    if (this.size > this.loc.size)
      return done(corruptBlob(this.loc, this.packsDir, 'more data than recorded'));
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (
      this.size !== this.loc.size ||
      this.crc >>> 0 !== this.loc.crc32 >>> 0 ||
      !this.hash.digest().equals(this.loc.sha256)
    )
      return done(corruptBlob(this.loc, this.packsDir, 'its content does not match its hash'));
    done();
  }
}

/**
 * Reads blobs out of packs: their stored bytes (a raw deflate stream for codec deflate, which a
 * zip entry can use as it is) or their content, checked against size, CRC-32 and SHA-256 (a
 * delta through its base, see blob-encoding.ts).
 * A pack that disappears (rewritten by a concurrent prune) is looked up again once.
 */
export class BlobReader {
  constructor(
    private readonly index: BlobIndex,
    readonly packsDir: string,
  ) {}

  location(blobId: number): BlobLocation {
    const loc = this.index.location(blobId);
    if (!loc)
      throw new EngineError(
        'CORRUPT',
        `The store index names blob ${blobId}, which it does not hold.`,
        {
          fix: 'Run `modvault check`.',
        },
      );
    return loc;
  }

  /** The stored bytes, in memory. */
  stored(blobId: number): { loc: BlobLocation; bytes: Buffer } {
    return this.retrying(blobId, (loc) => ({ loc, bytes: this.pread(loc) }));
  }

  /** The content, decoded and verified, in memory (blobs up to IN_MEMORY_BLOB_LIMIT). */
  content(blobId: number): Buffer {
    const { loc, bytes } = this.stored(blobId);
    if (loc.size > IN_MEMORY_BLOB_LIMIT)
      throw new RangeError('blob too large to decode in memory; stream it');
    let data: Buffer;
    try {
      data = decodeStored(loc, bytes, this.baseOf(loc, bytes));
    } catch (e) {
      throw corruptBlob(loc, this.packsDir, (e as Error).message);
    }
    if (
      data.length !== loc.size ||
      createHash('sha256').update(data).digest().compare(loc.sha256) !== 0
    )
      throw corruptBlob(loc, this.packsDir, 'its content does not match its hash');
    return data;
  }

  /**
   * A delta's base: looked up by the SHA-256 its stored bytes name, decoded and checked. Bases
   * are never deltas themselves (chains are one step deep); one that is is damage.
   */
  private baseOf(loc: BlobLocation, stored: Buffer): { sha256: Buffer; content: Buffer } | null {
    const sha256 = deltaBase(loc.codec, stored);
    if (!sha256) return null;
    const id = this.index.findMany([sha256]).get(sha256.toString('hex'));
    if (id === undefined) throw corruptBlob(loc, this.packsDir, 'its base blob is missing');
    if (this.location(id).codec === Codec.DeflateDict)
      throw corruptBlob(loc, this.packsDir, 'its base is a delta itself');
    return { sha256, content: this.content(id) };
  }

  /** The stored bytes as a stream (not verified: the caller copies them into a zip entry). */
  storedStream(blobId: number): Readable {
    const loc = this.location(blobId);
    if (loc.pack === NO_PACK) throw corruptBlob(loc, this.packsDir, 'lost');
    if (loc.storedSize === 0) return new PassThrough().end();
    return createReadStream(path.join(this.packsDir, loc.pack), {
      start: loc.offset,
      end: loc.offset + loc.storedSize - 1,
    });
  }

  /** The content as a stream, verified as it passes (errors at the end if it does not match). */
  contentStream(blobId: number): Readable {
    const loc = this.location(blobId);
    // Deltas are small: decoded and checked in memory.
    if (loc.codec === Codec.DeflateDict) return Readable.from([this.content(blobId)]);
    const stored = this.storedStream(blobId);
    const verifier = new ContentVerifier(loc, this.packsDir);
    const inflate = decodingStream(loc.codec);
    const decoded = inflate ? stored.pipe(inflate) : stored;
    const fail = (e: Error) =>
      verifier.destroy(
        /^E[A-Z]+$/.test(errnoCode(e) ?? '')
          ? (fromErrno(e) ?? e)
          : corruptBlob(loc, this.packsDir, e.message),
      );
    stored.on('error', fail);
    if (decoded !== stored) decoded.on('error', fail);
    return decoded.pipe(verifier);
  }

  private retrying<T>(blobId: number, fn: (loc: BlobLocation) => T): T {
    try {
      return fn(this.location(blobId));
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
      return fn(this.location(blobId));
    }
  }

  private pread(loc: BlobLocation): Buffer {
    if (loc.pack === NO_PACK) throw corruptBlob(loc, this.packsDir, 'lost');
    const file = path.join(this.packsDir, loc.pack);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') throw e;
      throw fromErrno(e, `the pack ${file}`) ?? e;
    }
    try {
      const buf = Buffer.allocUnsafe(loc.storedSize);
      for (let done = 0; done < buf.length;) {
        const n = readSync(fd, buf, done, buf.length - done, loc.offset + done);
        if (n === 0) throw corruptBlob(loc, this.packsDir, 'the pack is shorter than recorded');
        done += n;
      }
      return buf;
    } finally {
      closeSync(fd);
    }
  }
}
