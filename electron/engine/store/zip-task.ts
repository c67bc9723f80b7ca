import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import type { ModuleVersion } from '../gomod/layout';
import { moduleZipProblems } from '../gomod/module-zip';
import type { ZipEntry } from '../gomod/zip-index';
import { ZIP_DEFLATE, ZIP_STORE, ZipFormatError } from '../gomod/zip-index';
import { ZipReader } from '../gomod/zip-reader';
import type { HashEnv } from '../gomod/zip-hash';
import { ScratchBuffer } from '../platform/scratch-buffer';
import { encodeContent, encodeDelta } from './blob-encoding';
import { BaseUnreadable, readBaseContent } from './pack-task';
import type { DeltaBaseRef, DeltaBases } from './delta-bases';
import { Codec } from './pack-format';
import type { Batch, StoredBytes } from './task-output';
import { Digester, InlineData, Spool, tmpFileIn } from './task-output';

/**
 * Entries larger than this are handled as streams: big one-off buffers make the allocator keep
 * memory it cannot return, and the footprint would grow with the largest file of any module.
 */
const STREAM_ABOVE = 512 * 1024;
/** Zips up to this size are read with one call (most module zips are a megabyte or two). */
const WHOLE_ZIP_LIMIT = 2 * 1024 * 1024;
/** This thread's buffer for whole zips: one allocation, not one per zip. */
const zipBuffer = new ScratchBuffer(0);

/**
 * Deflate streams whose contents are known (from other versions of the module): 32-byte stream
 * hashes and content hashes back to back, with the content sizes and CRCs.
 */
export interface KnownStreams {
  raws: Uint8Array;
  shas: Uint8Array;
  sizes: Float64Array;
  crcs: Uint32Array;
}

export interface ZipItem extends StoredBytes {
  name: string;
  method: number;
  size: number;
  crc32: number;
  mode: number | null;
  /** SHA-256 (hex) of the entry's stored bytes (the deflate stream). */
  rawSha256: string;
  /** SHA-256 (hex) of its content. */
  sha256: string;
  /** False when the stream was known: then nothing was inflated and no bytes come back. */
  inflated: boolean;
  codec: Codec;
  /** A delta's base (hex SHA-256), for codec DeflateDict. */
  baseSha256: string | null;
}

export interface ZipRead extends Batch<ZipItem> {
  /** Go's module zip rules broken by this zip (then nothing else is read). */
  problems: string[];
}

function knownMap(k: KnownStreams): Map<string, { sha256: string; size: number; crc32: number }> {
  const map = new Map<string, { sha256: string; size: number; crc32: number }>();
  const raws = Buffer.from(k.raws.buffer, k.raws.byteOffset, k.raws.byteLength);
  const shas = Buffer.from(k.shas.buffer, k.shas.byteOffset, k.shas.byteLength);
  for (let i = 0; i < k.sizes.length; i++)
    map.set(raws.toString('hex', i * 32, i * 32 + 32), {
      sha256: shas.toString('hex', i * 32, i * 32 + 32),
      size: k.sizes[i]!,
      crc32: k.crcs[i]!,
    });
  return map;
}

function checkEntry(e: ZipEntry): void {
  if (e.flags & 1) throw new ZipFormatError(`zip: ${e.name} is encrypted`);
  if (e.method !== ZIP_STORE && e.method !== ZIP_DEFLATE)
    throw new ZipFormatError(`zip: ${e.name} uses unsupported compression method ${e.method}`);
}

/**
 * A large entry in one pass: its stored bytes go to a private temp file (so what is packed is
 * exactly what was hashed, even if the zip is replaced meanwhile) while its content is
 * inflated, size- and CRC-checked and hashed.
 */
async function spoolEntry(reader: ZipReader, e: ZipEntry, tmpFile: string) {
  const fd = openSync(tmpFile, 'wx', 0o600);
  const raw = new Digester();
  const content = new Digester();
  try {
    const inflate = e.method === ZIP_DEFLATE ? [createInflateRaw()] : [];
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await pipeline(reader.rawStream(e), raw, new Spool(fd), ...inflate, content, sink);
  } catch (err) {
    // Our own temp file failing (a full disk) is not a problem of the zip.
    if (err instanceof ZipFormatError) throw err;
    if (typeof (err as { syscall?: unknown }).syscall === 'string')
      throw Object.assign(err as Error, { path: tmpFile });
    throw new ZipFormatError(`zip: ${e.name}: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (content.size !== e.size || content.crc >>> 0 !== e.crc32 >>> 0)
    throw new ZipFormatError(`zip: ${e.name}: size or checksum differs from the zip's directory`);
  return { rawSha256: raw.hash.digest('hex'), sha256: content.hash.digest('hex') };
}

/** A base's content from its pack, checked; null when it cannot be had (then no delta). */
function baseContent(packsDir: string, b: DeltaBaseRef): Buffer | null {
  try {
    return readBaseContent(packsDir, b);
  } catch (e) {
    // A damaged or missing base is check's business; this file is simply stored whole.
    if (e instanceof BaseUnreadable) return null;
    throw e;
  }
}

async function streamRawSha256(reader: ZipReader, e: ZipEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reader.rawStream(e)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads a module zip in one pass: hashes every entry's deflate stream; a stream listed in
 * `known` is not inflated (its content is known), any other is inflated, size- and CRC-checked
 * and hashed, and its stored bytes come back for packing (deflated entries exactly as in the
 * zip: no recompression; stored ones compressed here).
 */
export async function readZip(
  a: {
    zipPath: string;
    module: ModuleVersion;
    known: KnownStreams;
    tmpDir: string;
    /** The module's newest stored files: a changed file is stored as a delta against its own. */
    bases?: DeltaBases | null;
  },
  env: HashEnv,
): Promise<ZipRead> {
  const reader = ZipReader.openSync(a.zipPath, WHOLE_ZIP_LIMIT, zipBuffer);
  try {
    for (const e of reader.entries) checkEntry(e);
    const problems = moduleZipProblems(reader.entries, a.module);
    if (problems.length > 0) return { items: [], problems, data: new Uint8Array(0) };
    const known = knownMap(a.known);
    const prefix = `${a.module.path}@${a.module.version}/`;
    const inline = new InlineData();
    const items: ZipItem[] = [];
    for (const e of reader.entries) {
      const base = {
        name: e.name,
        method: e.method,
        size: e.size,
        crc32: e.crc32 >>> 0,
        mode: e.unixMode,
      };
      const small = e.compressedSize <= STREAM_ABOVE && e.size <= STREAM_ABOVE;
      const raw = small ? reader.readRaw(e) : null;
      const rawSha256 = raw
        ? createHash('sha256').update(raw).digest('hex')
        : await streamRawSha256(reader, e);
      const k = e.method === ZIP_DEFLATE ? known.get(rawSha256) : undefined;
      if (k && k.size === e.size && k.crc32 === base.crc32) {
        items.push({
          ...base,
          rawSha256,
          sha256: k.sha256,
          inflated: false,
          codec: Codec.Deflate,
          storedSize: 0,
          offset: -1,
          tmpFile: null,
          baseSha256: null,
        });
        continue;
      }
      if (!raw || !inline.fits(e.compressedSize)) {
        const tmpFile = tmpFileIn(a.tmpDir);
        const { sha256 } = await spoolEntry(reader, e, tmpFile);
        const codec = e.method === ZIP_DEFLATE ? Codec.Deflate : Codec.Raw;
        items.push({
          ...base,
          rawSha256,
          sha256,
          inflated: true,
          codec,
          storedSize: e.compressedSize,
          offset: -1,
          tmpFile,
          baseSha256: null,
        });
        continue;
      }
      const content = reader.readContent(e, raw);
      env.onGarbage(e.size);
      if (e.method === ZIP_DEFLATE) {
        const sha256 = createHash('sha256').update(content).digest('hex');
        const ref = a.bases?.files[e.name.slice(prefix.length)];
        const prev = ref && ref.sha256 !== sha256 ? baseContent(a.bases!.packsDir, ref) : null;
        const delta =
          prev && encodeDelta(content, prev, Buffer.from(ref!.sha256, 'hex'), raw.length);
        if (delta) {
          items.push({
            ...base,
            rawSha256,
            sha256,
            inflated: true,
            codec: Codec.DeflateDict,
            storedSize: delta.length,
            offset: inline.add(delta),
            tmpFile: null,
            baseSha256: ref!.sha256,
          });
          continue;
        }
        items.push({
          ...base,
          rawSha256,
          sha256,
          inflated: true,
          codec: Codec.Deflate,
          storedSize: raw.length,
          offset: inline.add(raw),
          tmpFile: null,
          baseSha256: null,
        });
      } else {
        const enc = encodeContent(content);
        items.push({
          ...base,
          rawSha256,
          sha256: enc.meta.sha256.toString('hex'),
          inflated: true,
          codec: enc.meta.codec,
          storedSize: enc.stored.length,
          offset: inline.add(enc.stored),
          tmpFile: null,
          baseSha256: null,
        });
      }
    }
    return { items, problems: [], data: inline.concat() };
  } finally {
    reader.close();
  }
}
