import { createHash, randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

// Shared by the worker tasks that produce blobs: results carry stored bytes in one
// concatenated buffer (`data`), which the worker moves to the caller instead of copying.

/** Stored bytes larger than this are spooled to a temp file instead of sent back. */
const INLINE_LIMIT = 1024 * 1024;
/** At most this many inline bytes per task, whatever the number of items. */
const INLINE_BUDGET = 8 * 1024 * 1024;

export interface Batch<T> {
  items: T[];
  data: Uint8Array;
}

/** Where an item's stored bytes are: at `offset` in `data`, or in `tmpFile` (offset -1). */
export interface StoredBytes {
  storedSize: number;
  offset: number;
  tmpFile: string | null;
}

export class InlineData {
  private readonly parts: Buffer[] = [];
  private size = 0;

  fits(bytes: number): boolean {
    return bytes <= INLINE_LIMIT && this.size + bytes <= INLINE_BUDGET;
  }

  add(buf: Buffer): number {
    const at = this.size;
    this.parts.push(buf);
    this.size += buf.length;
    return at;
  }

  concat(): Uint8Array {
    // A fresh exact-size buffer: a view into a pooled one would post the whole pool.
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export function tmpFileIn(dir: string): string {
  return path.join(dir, `blob-${randomBytes(8).toString('hex')}`);
}

/** Hashes (and CRC-sums) whatever streams through it, passing it on unchanged. */
export class Digester extends Transform {
  crc = 0;
  size = 0;
  readonly hash = createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Copies a stream's bytes to a file as they pass. */
export class Spool extends Transform {
  constructor(private readonly fd: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      for (let at = 0; at < chunk.length;) at += writeSync(this.fd, chunk, at);
    } catch (e) {
      // Thrown here, it would escape the stream machinery and take the thread down.
      return done(e as Error);
    }
    done(null, chunk);
  }
}
