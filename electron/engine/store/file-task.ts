import { closeSync, createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import type { HashEnv } from '../gomod/zip-hash';
import { openFileSync, readAll } from '../platform/no-follow';
import { encodeContent } from './blob-encoding';
import { Codec } from './pack-format';
import type { Batch, StoredBytes } from './task-output';
import { Digester, InlineData, tmpFileIn } from './task-output';

export interface FileItem extends StoredBytes {
  sha256: string;
  size: number;
  crc32: number;
  mode: number;
  codec: Codec;
  /** errno code when the file could not be read (EACCES, ENOENT…). */
  error: string | null;
}

/** Our own temp file failing (a full disk) stops the snapshot: it is not a problem of the file. */
class SpoolError extends Error {}

async function encodeLarge(fd: number, tmpFile: string, mode: number): Promise<FileItem> {
  const tap = new Digester();
  const deflate = createDeflateRaw({ level: 6 });
  let storedSize = 0;
  deflate.on('data', (c: Buffer) => (storedSize += c.length));
  const out = createWriteStream(tmpFile, { mode: 0o600 });
  let spoolError: unknown = null;
  out.on('error', (e) => (spoolError = e));
  try {
    // The descriptor opened (and checked) by openFileSync: the path is not opened again.
    await pipeline(createReadStream('', { fd, autoClose: false }), tap, deflate, out);
  } catch (e) {
    if (spoolError)
      throw Object.assign(new SpoolError(), {
        cause: Object.assign(spoolError, { path: tmpFile }),
      });
    throw e;
  }
  return {
    sha256: tap.hash.digest('hex'),
    size: tap.size,
    crc32: tap.crc >>> 0,
    mode,
    codec: Codec.Deflate,
    storedSize,
    offset: -1,
    tmpFile,
    error: null,
  };
}

/**
 * Reads, hashes and compresses files (sumdb, list files, build-cache entries, extracted trees).
 * Large files are compressed into `tmpDir` as a stream; an unreadable file (or a symlink, which
 * is never followed) is reported, not thrown; a failing temp file (a full disk) is thrown.
 */
export async function encodeFiles(
  a: { files: string[]; tmpDir: string },
  env: HashEnv,
): Promise<Batch<FileItem>> {
  const inline = new InlineData();
  const items: FileItem[] = [];
  for (const file of a.files) {
    let fd: number | null = null;
    try {
      const opened = openFileSync(file);
      fd = opened.fd;
      const st = opened.st;
      const mode = st.mode & 0o7777;
      if (!inline.fits(st.size)) {
        items.push(await encodeLarge(fd, tmpFileIn(a.tmpDir), mode));
        continue;
      }
      const content = readAll(fd, st.size);
      const enc = encodeContent(content);
      env.onGarbage(content.length + enc.stored.length);
      items.push({
        sha256: enc.meta.sha256.toString('hex'),
        size: enc.meta.size,
        crc32: enc.meta.crc32,
        mode,
        codec: enc.meta.codec,
        storedSize: enc.stored.length,
        offset: inline.add(enc.stored),
        tmpFile: null,
        error: null,
      });
    } catch (e) {
      if (e instanceof SpoolError) throw e.cause;
      const code = (e as { code?: unknown }).code;
      if (typeof code !== 'string') throw e;
      const none = { sha256: '', size: 0, crc32: 0, mode: 0, codec: Codec.Raw };
      items.push({ ...none, storedSize: 0, offset: -1, tmpFile: null, error: code });
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }
  return { items, data: inline.concat() };
}
