import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type { HashEnv } from '../gomod/zip-hash';
import { decodeStored, decodingStream } from './blob-encoding';
import type { DeltaBaseRef } from './delta-bases';
import type { BlobKind } from './pack-format';
import {
  Codec,
  decodeRecordHeader,
  PACK_MAGIC,
  PackFormatError,
  RECORD_HEADER_SIZE,
} from './pack-format';
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
  kind?: BlobKind;
  /** A delta's base (in this pack or another): which blob, and where its bytes are. */
  base?: DeltaBaseRef & { id: number };
}

export interface PackVerdict {
  /** Problems with the pack itself (missing, unreadable, bad magic); empty when fine. */
  pack: string | null;
  /**
   * Blobs that do not read back. `base`: a delta that cannot be decoded because its base blob
   * (that id) is damaged — the damage is the base's, and the delta is whole again once it is.
   */
  bad: { id: number; kind: 'blob-header' | 'blob-data'; detail: string; base?: number }[];
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

const errnoOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Why a delta cannot be decoded: its base blob does not read back. */
export class BaseUnreadable extends Error {
  constructor(base: DeltaBaseRef, why: string) {
    super(`its base blob ${base.sha256.slice(0, 16)}… in pack ${base.pack || '(none)'} ${why}`);
    this.name = 'BaseUnreadable';
  }
}

/**
 * A delta's base content, read from its pack in `packsDir` and checked against its size and
 * SHA-256: the one place a worker reads a base (snapshot, check, repair, prune).
 */
export function readBaseContent(packsDir: string, base: DeltaBaseRef): Buffer {
  if (base.codec === Codec.DeflateDict) throw new BaseUnreadable(base, 'is a delta itself');
  if (!base.pack) throw new BaseUnreadable(base, 'is lost: no pack holds it');
  let fd: number;
  try {
    fd = openSync(path.join(packsDir, base.pack), 'r');
  } catch (e) {
    throw new BaseUnreadable(base, `cannot be read (${errnoOf(e)})`);
  }
  try {
    const content = decodeStored(base, pread(fd, base.offset, base.storedSize));
    if (content.length !== base.size) throw new Error(`it decodes to ${content.length} bytes`);
    if (createHash('sha256').update(content).digest('hex') !== base.sha256)
      throw new Error('its content does not match its SHA-256');
    return content;
  } catch (e) {
    throw new BaseUnreadable(base, `is damaged (${(e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** What reading a blob's stored bytes back shows: a problem, and the SHA-256 of those bytes. */
export interface DataCheck {
  problem: string | null;
  /** Hex SHA-256 of the stored bytes (a zip entry's deflate stream, for codec deflate). */
  rawSha256: string | null;
  /** A delta whose base is damaged: the problem is the base's (the delta's bytes are untested). */
  baseDamaged?: boolean;
}

/**
 * Reads a blob's stored bytes, decodes them (a delta through its base, `b.base`) and checks
 * size, CRC-32 and SHA-256.
 */
export async function checkData(
  file: string,
  fd: number,
  b: Omit<IndexedBlob, 'id'>,
  env: HashEnv,
): Promise<DataCheck> {
  try {
    if (b.storedSize <= IN_MEMORY && b.size <= IN_MEMORY) {
      const stored = pread(fd, b.offset, b.storedSize);
      const rawSha256 = createHash('sha256').update(stored).digest('hex');
      let base: { sha256: Buffer; content: Buffer } | null = null;
      if (b.codec === Codec.DeflateDict && b.base) {
        try {
          base = {
            sha256: Buffer.from(b.base.sha256, 'hex'),
            content: readBaseContent(path.dirname(file), b.base),
          };
        } catch (e) {
          if (!(e instanceof BaseUnreadable)) throw e;
          return { problem: `cannot be decoded: ${e.message}`, rawSha256, baseDamaged: true };
        }
      }
      const content = decodeStored(b, stored, base);
      env.onGarbage(content.length + stored.length + (base?.content.length ?? 0));
      const sha = createHash('sha256').update(content).digest('hex');
      return { problem: mismatch(b, content.length, crc32(content), sha), rawSha256 };
    }
    const d = new Digester();
    const tap = new Digester();
    const source = createReadStream(file, { start: b.offset, end: b.offset + b.storedSize - 1 });
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const decoder = decodingStream(b.codec);
    if (decoder) await pipeline(source, tap, decoder, d, sink);
    else await pipeline(source, tap, d, sink);
    if (tap.size !== b.storedSize) return { problem: 'is cut short', rawSha256: null };
    const problem = mismatch(b, d.size, d.crc, d.hash.digest('hex'));
    return { problem, rawSha256: tap.hash.digest('hex') };
  } catch (e) {
    return { problem: `cannot be decoded (${(e as Error).message})`, rawSha256: null };
  }
}

function mismatch(
  b: Omit<IndexedBlob, 'id'>,
  size: number,
  crc: number,
  sha: string,
): string | null {
  if (size !== b.size) return `decodes to ${size} bytes, the index says ${b.size}`;
  if (sha !== b.sha256) return 'its content does not match its SHA-256';
  if (crc >>> 0 !== b.crc32 >>> 0) return 'its CRC-32 does not match';
  return null;
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
      pack: `cannot open: ${errnoOf(e)}`,
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
      const data = await checkData(a.file, fd, b, env);
      verdict.bytesRead += b.storedSize;
      if (!data.problem) continue;
      verdict.bad.push({
        id: b.id,
        kind: 'blob-data',
        detail: data.problem,
        ...(data.baseDamaged && b.base ? { base: b.base.id } : {}),
      });
    }
    return verdict;
  } catch (e) {
    return { ...verdict, pack: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}
