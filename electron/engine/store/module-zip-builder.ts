import { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { BlobReader } from './blob-reader';
import { IN_MEMORY_BLOB_LIMIT } from './blob-reader';
import { Codec } from './pack-format';
import type { VersionFile } from './snapshot-catalog';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const UTF8_FLAG = 0x0800;
/** 1980-01-01 00:00, the zip epoch: rebuilt zips do not depend on when they were built. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

interface Written {
  name: Buffer;
  method: number;
  crc32: number;
  storedSize: number;
  size: number;
  offset: number;
  mode: number | null;
}

function localHeader(w: Written): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL_SIG, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(UTF8_FLAG, 6);
  h.writeUInt16LE(w.method, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(w.crc32 >>> 0, 14);
  h.writeUInt32LE(w.storedSize, 18);
  h.writeUInt32LE(w.size, 22);
  h.writeUInt16LE(w.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, w.name]);
}

function centralHeader(w: Written): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CENTRAL_SIG, 0);
  // Made by Unix (3) when a mode is known, so the mode survives in the external attributes.
  h.writeUInt16LE(w.mode === null ? 20 : (3 << 8) | 20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(UTF8_FLAG, 8);
  h.writeUInt16LE(w.method, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(w.crc32 >>> 0, 16);
  h.writeUInt32LE(w.storedSize, 20);
  h.writeUInt32LE(w.size, 24);
  h.writeUInt16LE(w.name.length, 28);
  h.writeUInt32LE(w.mode === null ? 0 : ((w.mode & 0xffff) << 16) >>> 0, 38);
  h.writeUInt32LE(w.offset, 42);
  return Buffer.concat([h, w.name]);
}

/**
 * Rebuilds a module zip from the store: entries named "<path>@<version>/<file>" in the original
 * order, each blob's stored deflate stream copied as the entry's data (no recompression). The
 * result has the same h1 as the original (h1 covers names and contents only).
 */
export function moduleZip(prefix: string, files: VersionFile[], blobs: BlobReader): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const written: Written[] = [];
    let offset = 0;
    for (const f of files) {
      const loc = blobs.location(f.blobId);
      const w: Written = {
        name: Buffer.from(prefix + f.name, 'utf8'),
        method: loc.codec === Codec.Deflate ? 8 : 0,
        crc32: loc.crc32,
        storedSize: loc.storedSize,
        size: loc.size,
        offset,
        mode: f.mode,
      };
      if (offset > MAX_32 || w.storedSize > MAX_32 || w.size > MAX_32)
        throw new EngineError(
          'UNSUPPORTED',
          `${prefix}: the module is too large for a zip without zip64.`,
        );
      const header = localHeader(w);
      yield header;
      if (loc.storedSize <= IN_MEMORY_BLOB_LIMIT) yield blobs.stored(f.blobId).bytes;
      else for await (const chunk of blobs.storedStream(f.blobId)) yield chunk as Buffer;
      offset += header.length + w.storedSize;
      written.push(w);
    }
    if (written.length > MAX_16 || offset > MAX_32)
      throw new EngineError('UNSUPPORTED', `${prefix}: too many files for a zip without zip64.`);
    let cdSize = 0;
    for (const w of written) {
      const c = centralHeader(w);
      cdSize += c.length;
      yield c;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_SIG, 0);
    end.writeUInt16LE(written.length, 8);
    end.writeUInt16LE(written.length, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(offset, 16);
    yield end;
  }
  return Readable.from(generate(), { objectMode: false });
}
