import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32, createInflateRaw } from 'node:zlib';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { DamagedBlobError, NO_PACK } from '../store/blob-errors';
import { decodeStored } from '../store/blob-encoding';
import { Codec } from '../store/pack-format';

/** A blob as a worker sees it: where it lies in its pack and what its content must be. */
export interface BlobRef {
  id: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  size: number;
  crc32: number;
  codec: number;
  pack: string;
  offset: number;
  storedSize: number;
  /**
   * Hex SHA-256 of deflate streams known to hold this content: each was inflated and hashed
   * when a snapshot first read it, so stored bytes with one of these hashes need no inflating.
   */
  rawDigests: string[];
  /** A delta's base blob (codec DeflateDict only; never a delta itself). */
  base?: BlobRef | null;
}

/** Blobs up to this size are read and decoded in memory; larger ones are streamed. */
export const IN_MEMORY = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** Decoded contents kept for the other versions of a module, which share most files. */
const CACHE_BYTES = 48 * 1024 * 1024;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function corrupt(b: BlobRef, why: string, file: string): EngineError {
  return new DamagedBlobError(
    b.sha256,
    b.pack === NO_PACK
      ? `The backup store lost blob ${b.sha256.slice(0, 16)}…: no pack holds it any more.`
      : `The backup store is damaged: blob ${b.sha256.slice(0, 16)}… in pack ${b.pack} ${why}.`,
    {
      path: file,
      fix: 'It is recorded: take a new snapshot while the module cache still holds this version and it is stored again (then this snapshot restores completely too); meanwhile restore from another snapshot. `modvault check --read-data` lists what is affected.',
    },
  );
}

/**
 * Reads blobs from packs for restore, trusting nothing. A blob whose stored bytes may be one of
 * the deflate streams a snapshot inflated and hashed before (its raw digests) is hashed as it
 * is copied into a zip and accepted when the hash is one of them (`acceptRaw`); any other is
 * decoded and checked
 * (size, CRC-32, SHA-256) before it is used. Bytes once accepted are kept for the next versions
 * of the module, which repeat most of them, and decoded contents likewise.
 */
export class PackBlobs {
  private readonly fds = new Map<string, number>();
  /** blob id → SHA-256 of its stored bytes, once accepted. */
  private readonly rawSha = new Map<number, string>();
  private readonly contents = new BoundedCache(CACHE_BYTES);
  private readonly raws = new BoundedCache(CACHE_BYTES / 2);

  constructor(private readonly packsDir: string) {}

  /** Puts the stored bytes (≤ IN_MEMORY) into `target`, checked: a zip entry's data. */
  readRawInto(b: BlobRef, target: Buffer): void {
    // A delta goes into a zip as its content (a stored entry): decoded and checked here.
    if (b.codec === Codec.DeflateDict) return void this.content(b).copy(target);
    const kept = this.raws.get(b.id);
    if (kept) return void kept.copy(target);
    this.pread(b, b.offset, target);
    // Checked as they are written (hashed here, not read back from the disk afterwards): a
    // known stream of the content, or decoded and checked now.
    const sha = sha256(target);
    const known = this.rawSha.get(b.id);
    if (known !== undefined && known !== sha)
      throw corrupt(b, 'reads differently than a moment ago', this.packFile(b));
    if (known === undefined && !this.acceptRaw(b, sha)) this.decode(b, target, sha);
    this.raws.keep(b.id, Buffer.from(target));
  }

  /**
   * Whether stored bytes with this SHA-256 are the blob's: a known stream of its content, or
   * the bytes decoded and checked here.
   */
  private acceptRaw(b: BlobRef, rawSha256: string): boolean {
    const known = this.rawSha.get(b.id);
    if (known !== undefined) return known === rawSha256;
    if (!b.rawDigests.includes(rawSha256)) return false;
    this.rawSha.set(b.id, rawSha256);
    return true;
  }

  /** Decodes and checks the blob's stored bytes in the pack (CORRUPT when they are damaged). */
  async verify(b: BlobRef): Promise<void> {
    if (b.storedSize <= IN_MEMORY) {
      const raw = Buffer.allocUnsafe(b.storedSize);
      this.pread(b, b.offset, raw);
      this.decode(b, raw, sha256(raw));
      return;
    }
    const hash = createHash('sha256');
    await this.streamContent(
      b,
      () => {},
      (chunk) => hash.update(chunk),
    );
    this.rawSha.set(b.id, hash.digest('hex'));
  }

  /** The content (≤ IN_MEMORY), checked. */
  content(b: BlobRef): Buffer {
    const hit = this.contents.get(b.id);
    if (hit) return hit;
    const raw = Buffer.allocUnsafe(b.storedSize);
    this.pread(b, b.offset, raw);
    const sha = sha256(raw);
    const known = this.rawSha.get(b.id);
    if (known !== undefined && known !== sha && b.codec !== Codec.DeflateDict)
      throw corrupt(b, 'reads differently than a moment ago', this.packFile(b));
    const content = this.decode(b, raw, sha);
    this.contents.keep(b.id, content);
    return content;
  }

  /** Copies the stored bytes of a large blob to `fd`, checked as for readRawInto. */
  async copyRawTo(b: BlobRef, fd: number): Promise<void> {
    if (b.codec === Codec.DeflateDict) return writeAll(fd, this.content(b));
    const hash = createHash('sha256');
    for (let at = 0; at < b.storedSize; at += CHUNK) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, b.storedSize - at));
      this.pread(b, b.offset + at, chunk);
      hash.update(chunk);
      writeAll(fd, chunk);
    }
    const sha = hash.digest('hex');
    const known = this.rawSha.get(b.id);
    if (known === sha) return;
    if (known !== undefined)
      throw corrupt(b, 'reads differently than a moment ago', this.packFile(b));
    if (!b.rawDigests.includes(sha)) await this.streamContent(b, () => {});
    this.rawSha.set(b.id, sha);
  }

  /** Writes the content of a large blob to `fd`, checked as it streams. */
  async writeContentTo(b: BlobRef, fd: number): Promise<void> {
    await this.streamContent(b, (chunk) => writeAll(fd, chunk));
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.contents.clear();
    this.raws.clear();
  }

  /**
   * Decodes stored bytes and checks the content; accepts the bytes (their hash `sha`) — for a
   * delta, its content, which is what a zip entry holds (see zipEntryEncoding).
   */
  private decode(b: BlobRef, raw: Buffer, sha: string): Buffer {
    let content: Buffer;
    let base: { sha256: Buffer; content: Buffer } | null = null;
    if (b.codec === Codec.DeflateDict) {
      if (!b.base || b.base.codec === Codec.DeflateDict)
        throw corrupt(b, 'has no base blob it can be decoded against', this.packFile(b));
      base = { sha256: Buffer.from(b.base.sha256, 'hex'), content: this.content(b.base) };
    }
    try {
      content = decodeStored(b, raw, base);
    } catch (e) {
      throw corrupt(b, `cannot be decoded (${(e as Error).message})`, this.packFile(b));
    }
    if (
      content.length !== b.size ||
      crc32(content) >>> 0 !== b.crc32 >>> 0 ||
      sha256(content) !== b.sha256
    )
      throw corrupt(b, 'does not match its hash', this.packFile(b));
    this.rawSha.set(b.id, b.codec === Codec.DeflateDict ? b.sha256 : sha);
    return content;
  }

  private async streamContent(
    b: BlobRef,
    sink: (chunk: Buffer) => void,
    onRaw: (chunk: Buffer) => void = () => {},
  ): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    let crc = 0;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size > b.size) throw corrupt(b, 'holds more data than recorded', this.packFile(b));
      crc = crc32(chunk, crc);
      hash.update(chunk);
      sink(chunk);
    };
    const chunks = function* (self: PackBlobs) {
      for (let at = 0; at < b.storedSize; at += CHUNK) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, b.storedSize - at));
        self.pread(b, b.offset + at, chunk);
        onRaw(chunk);
        yield chunk;
      }
    };
    if (b.codec === Codec.Deflate) {
      const inflate = createInflateRaw();
      const done = (async () => {
        for await (const chunk of inflate) take(chunk as Buffer);
      })();
      try {
        for (const chunk of chunks(this))
          if (!inflate.write(chunk)) await new Promise((r) => inflate.once('drain', r));
        inflate.end();
        await done;
      } catch (e) {
        inflate.destroy();
        if (e instanceof EngineError) throw e;
        throw corrupt(b, `cannot be decoded (${(e as Error).message})`, this.packFile(b));
      }
    } else for (const chunk of chunks(this)) take(chunk);
    if (size !== b.size || crc >>> 0 !== b.crc32 >>> 0 || hash.digest('hex') !== b.sha256)
      throw corrupt(b, 'does not match its hash', this.packFile(b));
  }

  private packFile(b: BlobRef): string {
    return path.join(this.packsDir, b.pack);
  }

  private pread(b: BlobRef, position: number, into: Buffer): void {
    if (b.pack === NO_PACK) throw corrupt(b, 'is lost', this.packsDir);
    let fd = this.fds.get(b.pack);
    if (fd === undefined) {
      try {
        fd = openSync(this.packFile(b), 'r');
      } catch (e) {
        if (errnoCode(e) === 'ENOENT')
          throw corrupt(
            b,
            'is missing: its pack is gone (if a prune ran meanwhile, run the restore again)',
            this.packFile(b),
          );
        throw fromErrno(e, `the pack ${this.packFile(b)}`) ?? e;
      }
      this.fds.set(b.pack, fd);
    }
    for (let done = 0; done < into.length;) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n === 0)
        throw corrupt(b, 'is cut short: the pack is shorter than recorded', this.packFile(b));
      done += n;
    }
  }
}

/** Buffers by blob id up to a byte budget, the oldest dropped first. */
class BoundedCache {
  private readonly map = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(id: number): Buffer | undefined {
    return this.map.get(id);
  }

  keep(id: number, buf: Buffer): void {
    if (buf.length > this.limit / 4 || this.map.has(id)) return;
    this.map.set(id, buf);
    this.bytes += buf.length;
    for (const [old, b] of this.map) {
      if (this.bytes <= this.limit) break;
      this.map.delete(old);
      this.bytes -= b.length;
    }
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}

export function writeAll(fd: number, buf: Buffer): void {
  for (let done = 0; done < buf.length;) done += writeSync(fd, buf, done, buf.length - done);
}
