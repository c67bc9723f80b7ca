import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromErrno } from '../errors';
import type { FaultPoints } from './fault-points';
import type { BlobMeta } from './pack-format';
import { encodeRecordHeader, PACK_MAGIC } from './pack-format';

const fsyncAsync = promisify(fsync);
/** Small records are gathered into writes of about this size. */
const WRITE_CHUNK = 1 << 20;

/** A blob's stored bytes: in memory, or a byte range of a file (a zip entry, a temp file). */
export type BlobSource = Buffer | { file: string; offset: number; length: number };

export interface PackedBlob extends BlobMeta {
  /** Where the stored bytes start in the pack (after the record header). */
  offset: number;
}

export interface SealedPack {
  seq: number;
  name: string;
  size: number;
  blobs: PackedBlob[];
}

export interface PackWriterOptions {
  packsDir: string;
  /** A pack is sealed once it reaches this size. */
  targetBytes: number;
  /**
   * Called before a pack file is created: records (commits) the intent to create it, so the
   * next writer knows an uncommitted pack of that name is an interrupted write of its own.
   */
  onOpen(name: string): void;
  /**
   * Called once a pack is durable (fsynced and renamed), in pack order: commits its index rows
   * (and drops the intent). A pack whose rows are never committed is removed by the next writer.
   * The next pack is sealed once what this returns has settled.
   */
  onSealed(pack: SealedPack): void | Promise<void>;
  faults: FaultPoints;
}

interface OpenPack {
  seq: number;
  name: string;
  tmp: string;
  fd: number;
  size: number;
  blobs: PackedBlob[];
}

/**
 * A pack is also sealed at this many blobs: its index rows are committed in one transaction
 * (atomic with its intent), which must stay short for the event loop — ~10 ms at this size.
 */
const MAX_BLOBS = 1024;

/**
 * Appends blobs to pack files of about `targetBytes`. Appends are synchronous (they only copy
 * into the page cache); sealing (fsync, rename, index commit) runs in the background, one pack
 * after the other, so the index never names a pack before its bytes are on disk.
 */
export class PackWriter {
  private current: OpenPack | null = null;
  /** Small records are copied here and written together (callers may drop their buffers). */
  private readonly staging = Buffer.allocUnsafe(WRITE_CHUNK);
  private staged = 0;
  private nextSeq = 1;
  private sealing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Bytes written to packs (headers included). */
  bytesWritten = 0;

  constructor(private readonly opts: PackWriterOptions) {}

  /** Appends one blob; returns the sequence number of the pack it went to. */
  append(meta: BlobMeta, source: BlobSource): number {
    this.throwIfFailed();
    const pack = this.current ?? (this.current = this.open());
    this.push(pack, encodeRecordHeader(meta));
    const offset = pack.size;
    if (Buffer.isBuffer(source)) this.push(pack, source);
    else this.copyRange(pack, source);
    pack.blobs.push({ ...meta, offset });
    if (pack.size >= this.opts.targetBytes || pack.blobs.length >= MAX_BLOBS) this.rotate();
    return pack.seq;
  }

  /** Sequence number of the pack being filled (the next one when none is open). */
  get openSeq(): number {
    return this.current?.seq ?? this.nextSeq;
  }

  /** Seals the open pack and waits until every pack is durable and committed. */
  async finish(): Promise<void> {
    if (this.current) this.rotate();
    await this.sealing;
    this.throwIfFailed();
  }

  /** Drops the open pack (its blobs were never committed) and waits for pending seals. */
  async abort(): Promise<void> {
    const pack = this.current;
    this.current = null;
    // Work still in flight elsewhere must not start a new pack once the session is over.
    this.failure ??= new Error('the pack writer was aborted');
    this.staged = 0;
    if (pack) {
      closeSync(pack.fd);
      removeQuietly(pack.tmp);
    }
    await this.sealing.catch(() => {});
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private open(): OpenPack {
    const name = `${randomBytes(12).toString('hex')}.pack`;
    const tmp = path.join(this.opts.packsDir, `${name}.tmp`);
    this.opts.onOpen(name);
    let fd: number;
    try {
      fd = openSync(tmp, 'wx', 0o444);
    } catch (e) {
      throw fromErrno(e, `a new pack in ${this.opts.packsDir}`) ?? e;
    }
    const pack: OpenPack = { seq: this.nextSeq++, name, tmp, fd, size: 0, blobs: [] };
    this.push(pack, PACK_MAGIC);
    return pack;
  }

  private push(pack: OpenPack, buf: Buffer): void {
    pack.size += buf.length;
    if (this.staged + buf.length > this.staging.length) this.flushPending(pack);
    if (buf.length >= this.staging.length) return this.write(pack, buf);
    buf.copy(this.staging, this.staged);
    this.staged += buf.length;
  }

  private write(pack: OpenPack, buf: Buffer): void {
    try {
      this.opts.faults.checkWrite(this.bytesWritten + buf.length, pack.tmp);
      for (let done = 0; done < buf.length;)
        done += writeSync(pack.fd, buf, done, buf.length - done);
    } catch (e) {
      // A half-written record: this writer is done; what it sealed before stays committed.
      this.failure ??= fromErrno(e, `the pack ${pack.tmp}`) ?? e;
      throw this.failure;
    }
    this.bytesWritten += buf.length;
  }

  private flushPending(pack: OpenPack): void {
    if (this.staged === 0) return;
    const n = this.staged;
    this.staged = 0;
    this.write(pack, this.staging.subarray(0, n));
  }

  private copyRange(pack: OpenPack, src: { file: string; offset: number; length: number }): void {
    this.flushPending(pack);
    const fd = openSync(src.file, 'r');
    try {
      const chunk = Buffer.allocUnsafe(Math.min(WRITE_CHUNK, Math.max(1, src.length)));
      for (let done = 0; done < src.length;) {
        const n = readSync(
          fd,
          chunk,
          0,
          Math.min(chunk.length, src.length - done),
          src.offset + done,
        );
        if (n === 0)
          throw Object.assign(new Error(`${src.file} became shorter while it was read`), {
            code: 'ESHORT',
          });
        this.write(pack, chunk.subarray(0, n));
        done += n;
      }
    } finally {
      closeSync(fd);
    }
    pack.size += src.length;
  }

  private rotate(): void {
    const pack = this.current!;
    this.current = null;
    try {
      this.flushPending(pack);
    } catch (e) {
      closeSync(pack.fd);
      removeQuietly(pack.tmp);
      throw e;
    }
    this.sealing = this.sealing.then(() => this.seal(pack));
    this.sealing.catch((e: unknown) => (this.failure ??= e));
  }

  private async seal(pack: OpenPack): Promise<void> {
    this.opts.faults.hit('pack-written');
    try {
      try {
        await fsyncAsync(pack.fd);
      } finally {
        closeSync(pack.fd);
      }
      const final = path.join(this.opts.packsDir, pack.name);
      renameSync(pack.tmp, final);
      syncDir(this.opts.packsDir);
    } catch (e) {
      throw fromErrno(e, `the pack ${pack.tmp}`) ?? e;
    }
    this.opts.faults.hit('pack-synced');
    await this.opts.onSealed({
      seq: pack.seq,
      name: pack.name,
      size: pack.size,
      blobs: pack.blobs,
    });
    this.opts.faults.hit('pack-committed');
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* removed by the next writer's orphan sweep */
  }
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows: skip there. */
export function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
