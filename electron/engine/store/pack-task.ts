import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HashEnv } from '../gomod/zip-hash';
import { decodeStored, decodingStream } from './blob-encoding';
import type { Codec } from './pack-format';
import { decodeRecordHeader, PACK_MAGIC, PackFormatError, RECORD_HEADER_SIZE } from './pack-format';
import { Digester } from './task-output';

/** One blob as the index records it. */
export interface IndexedBlob {
  id: number;
  offset: number;
  storedSize: number;
  codec: Codec;
  size: number;
  crc32: number;
  /** Hex. */
  sha256: string;
  /** A delta's base (in this pack or another): its pack file and where its bytes are. */
  base?: {
    pack: string;
    offset: number;
    storedSize: number;
    codec: Codec;
    size: number;
    sha256: string;
  };
}

export interface PackVerdict {
  /** Problems with the pack itself (missing, unreadable, bad magic); empty when fine. */
  pack: string | null;
  bad: { id: number; kind: 'blob-header' | 'blob-data'; detail: string }[];
  bytesRead: number;
}

const IN_MEMORY = 4 * 1024 * 1024;

function pread(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  for (let done = 0; done < length;) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new PackFormatError('the pack is shorter than the index says');
    done += n;
  }
  return buf;
}

function headerProblem(fd: number, b: IndexedBlob): string | null {
  try {
    const h = decodeRecordHeader(pread(fd, b.offset - RECORD_HEADER_SIZE, RECORD_HEADER_SIZE));
    if (h.sha256.toString('hex') !== b.sha256) return 'its record header names another blob';
    if (
      h.codec !== b.codec ||
      h.size !== b.size ||
      h.storedSize !== b.storedSize ||
      h.crc32 >>> 0 !== b.crc32 >>> 0
    )
      return 'its record header disagrees with the index';
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A delta's base content, read from its pack and checked (a damaged base damages the delta). */
function readBase(
  packFile: string,
  base: NonNullable<IndexedBlob['base']>,
): { sha256: Buffer; content: Buffer } {
  const damaged = (why: string) =>
    new Error(
      `its base blob ${base.sha256.slice(0, 16)}… in pack ${base.pack} is damaged (${why})`,
    );
  let fd: number;
  try {
    fd = openSync(path.join(path.dirname(packFile), base.pack), 'r');
  } catch (e) {
    throw damaged((e as Error).message);
  }
  try {
    let content: Buffer;
    try {
      content = decodeStored(base, pread(fd, base.offset, base.storedSize));
    } catch (e) {
      throw damaged((e as Error).message);
    }
    const sha256 = createHash('sha256').update(content).digest();
    if (content.length !== base.size || sha256.toString('hex') !== base.sha256)
      throw damaged('its content does not match its SHA-256');
    return { sha256, content };
  } finally {
    closeSync(fd);
  }
}

async function dataProblem(
  file: string,
  fd: number,
  b: IndexedBlob,
  env: HashEnv,
): Promise<string | null> {
  try {
    let sha: string;
    let size: number;
    if (b.storedSize <= IN_MEMORY && b.size <= IN_MEMORY) {
      const stored = pread(fd, b.offset, b.storedSize);
      const content = decodeStored(b, stored, b.base ? readBase(file, b.base) : null);
      env.onGarbage(content.length + stored.length);
      sha = createHash('sha256').update(content).digest('hex');
      size = content.length;
    } else {
      const d = new Digester();
      const source = createReadStream(file, { start: b.offset, end: b.offset + b.storedSize - 1 });
      const sink = new Writable({ write: (_c, _e, done) => done() });
      const inflate = decodingStream(b.codec);
      if (inflate) await pipeline(source, inflate, d, sink);
      else await pipeline(source, d, sink);
      sha = d.hash.digest('hex');
      size = d.size;
    }
    if (size !== b.size) return `decodes to ${size} bytes, the index says ${b.size}`;
    if (sha !== b.sha256) return 'its content does not match its SHA-256';
    return null;
  } catch (e) {
    return `cannot be decoded (${(e as Error).message})`;
  }
}

/**
 * Checks one pack against the index: its magic, each blob's record header, and with `readData`
 * each blob's content (decompressed and re-hashed).
 */
export async function verifyPack(
  a: { file: string; blobs: IndexedBlob[]; readData: boolean },
  env: HashEnv,
): Promise<PackVerdict> {
  let fd: number;
  try {
    fd = openSync(a.file, 'r');
  } catch (e) {
    return {
      pack: `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      bad: [],
      bytesRead: 0,
    };
  }
  const verdict: PackVerdict = { pack: null, bad: [], bytesRead: 0 };
  try {
    if (!pread(fd, 0, PACK_MAGIC.length).equals(PACK_MAGIC))
      return { ...verdict, pack: 'not a ModVault pack (bad magic)' };
    for (const b of a.blobs) {
      const header = headerProblem(fd, b);
      if (header) {
        verdict.bad.push({ id: b.id, kind: 'blob-header', detail: header });
        continue;
      }
      if (!a.readData) continue;
      const data = await dataProblem(a.file, fd, b, env);
      verdict.bytesRead += b.storedSize;
      if (data) verdict.bad.push({ id: b.id, kind: 'blob-data', detail: data });
    }
    return verdict;
  } catch (e) {
    return { ...verdict, pack: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}
