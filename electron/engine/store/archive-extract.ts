import type { WriteStream } from 'node:fs';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { canceledError, EngineError, fromErrno } from '../errors';
import type { ZipEntry } from '../gomod/zip-index';
import { ZipReader } from '../gomod/zip-reader';
import type { ArchiveEntryType, ArchiveLimits } from './archive-policy';
import { ARCHIVE_LIMITS, ArchivePolicy } from './archive-policy';
import { EXPORT_MANIFEST, parseExportManifest } from './export-manifest';

export type ArchiveKind = 'zip' | 'tar.gz';

/** Tells a zip from a gzip'd tar by their first bytes (names can lie). */
export function archiveKind(file: string): ArchiveKind | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (n >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    return null;
  } finally {
    closeSync(fd);
  }
}

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Compressed bytes read so far, of the archive's size. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  limits?: ArchiveLimits;
}

const TAR_TYPES: Partial<Record<ReadEntry['type'], ArchiveEntryType>> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'dir',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
  CharacterDevice: 'device',
  BlockDevice: 'device',
  FIFO: 'fifo',
};

/** The type a zip entry's Unix mode (or its name) gives it. */
function zipEntryType(e: ZipEntry): ArchiveEntryType {
  const type = (e.unixMode ?? 0) & 0o170000;
  if (type === 0) return e.name.endsWith('/') ? 'dir' : 'file';
  if (type === 0o100000) return 'file';
  if (type === 0o040000) return 'dir';
  if (type === 0o120000) return 'symlink';
  if (type === 0o010000) return 'fifo';
  if (type === 0o020000 || type === 0o060000) return 'device';
  return 'other';
}

/** Files being written: all are closed before a failed extraction returns. */
class Writers {
  private readonly open = new Set<Promise<void>>();
  private readonly streams = new Set<WriteStream>();

  /** Writes `source` to `target` (created, never replaced). */
  write(target: string, source: Readable): Promise<void> {
    mkdirSync(path.dirname(target), { recursive: true });
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    this.streams.add(out);
    const done = new Promise<void>((resolve, reject) => {
      source.on('data', (chunk: Buffer) => {
        if (!out.write(chunk)) {
          source.pause();
          out.once('drain', () => source.resume());
        }
      });
      source.on('end', () => out.end());
      source.on('error', reject);
      out.on('error', (e) => reject(fromErrno(e, target) ?? e));
      out.on('close', resolve);
    }).finally(() => {
      this.streams.delete(out);
      this.open.delete(done);
    });
    this.open.add(done);
    return done;
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.open]);
  }

  async abort(): Promise<void> {
    for (const s of this.streams) s.destroy();
    await this.settle();
  }
}

async function collect(source: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * Unpacks an export archive into `dest`. What may be unpacked is decided per entry before its
 * bytes are written (ArchivePolicy): regular files and folders, inside `dest`, each once, as
 * the manifest lists them and no larger; a refusal stops everything with an EngineError that
 * names the entry, after every file opened here is closed. The caller removes `dest`.
 */
export async function extractArchive(
  file: string,
  kind: ArchiveKind,
  dest: string,
  opts: ExtractOptions = {},
): Promise<void> {
  const policy = new ArchivePolicy(file, opts.limits ?? ARCHIVE_LIMITS);
  if (kind === 'tar.gz') return extractTarGz(file, dest, policy, opts);
  return extractZip(file, dest, policy, opts);
}

async function extractTarGz(
  file: string,
  dest: string,
  policy: ArchivePolicy,
  opts: ExtractOptions,
): Promise<void> {
  // tar loads only when a .tar.gz is imported.
  const { Parser } = await import('tar');
  // Small reads: the ratio is judged per read, so a bomb stops within a few MB of output.
  const src = createReadStream(file, { highWaterMark: 16 * 1024 });
  // Decompressed here rather than by the parser: every byte that comes out is counted.
  const gunzip = createGunzip();
  const writers = new Writers();
  const parser = new Parser({ strict: true });
  const total = statSync(file).size;
  let compressed = 0;
  let failure: unknown = null;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      if (failure !== null) return;
      failure = e;
      src.unpipe(gunzip);
      gunzip.unpipe(parser as unknown as NodeJS.WritableStream);
      src.destroy();
      gunzip.destroy();
      void writers.abort().then(() => reject(e));
    };
    const onAbort = () => fail(canceledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    src.on('data', (chunk: Buffer | string) => {
      compressed += chunk.length;
      opts.onProgress?.(compressed, total);
    });
    src.on('error', (e) => fail(fromErrno(e, file) ?? e));
    gunzip.on('data', (chunk: Buffer) => {
      try {
        policy.count(chunk.length, compressed);
      } catch (e) {
        fail(e);
      }
    });
    gunzip.on('error', (e) => fail(tarError(file, e)));
    // Every handler below catches: a throw inside the parser's events would escape to the
    // process (the crash this replaces).
    parser.on('entry', (entry: ReadEntry) => {
      if (failure !== null) return void entry.resume();
      try {
        const type = TAR_TYPES[entry.type] ?? 'other';
        const name = policy.admit({
          name: entry.path,
          type,
          size: entry.size,
          linkTarget: entry.linkpath ?? null,
        });
        const target = path.join(dest, ...name.split('/'));
        if (type === 'dir') {
          mkdirSync(target, { recursive: true });
          entry.resume();
        } else if (name === EXPORT_MANIFEST) {
          void collect(entry as unknown as Readable)
            .then((data) => {
              if (failure !== null) return;
              policy.useManifest(parseExportManifest(data.toString('utf8'), file));
              return writers.write(target, Readable.from([data]));
            })
            .catch(fail);
        } else writers.write(target, entry as unknown as Readable).catch(fail);
      } catch (e) {
        entry.resume();
        fail(e);
      }
    });
    parser.on('error', (e: Error) => fail(tarError(file, e)));
    parser.on('end', () => {
      if (failure !== null) return;
      void writers.settle().then(() => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (failure === null) resolve();
      });
    });
    src.pipe(gunzip).pipe(parser as unknown as NodeJS.WritableStream);
  });
}

function tarError(file: string, e: Error): EngineError {
  if (e instanceof EngineError) return e;
  const code = (e as { code?: string }).code;
  return new EngineError(
    'CORRUPT',
    `${file} is not a readable tar.gz: ${e.message.replace(/^TAR_[A-Z_]+: /, '')}${code && !e.message.includes(code) ? ` (${code})` : ''}.`,
    {
      path: file,
      fix: 'The archive is damaged or was not written by `modvault export`: export it again from the store it came from.',
      cause: e,
    },
  );
}

async function extractZip(
  file: string,
  dest: string,
  policy: ArchivePolicy,
  opts: ExtractOptions,
): Promise<void> {
  let zip: ZipReader;
  try {
    zip = ZipReader.openSync(file, 0);
  } catch (e) {
    throw zipError(file, null, e);
  }
  const writers = new Writers();
  try {
    const entries = zip.entries;
    const header = (e: ZipEntry) => ({
      name: e.name,
      type: zipEntryType(e),
      size: e.size,
      nameIsUtf8: e.nameIsUtf8,
    });
    // The central directory is read first: every entry is judged before anything is written.
    const manifest = entries.find((e) => e.name === EXPORT_MANIFEST);
    if (manifest) {
      policy.admit(header(manifest));
      const data = await collect(stream(zip, file, manifest));
      policy.useManifest(parseExportManifest(data.toString('utf8'), file));
    }
    const names = new Map<ZipEntry, string>();
    let declared = 0;
    for (const e of entries) {
      if (e === manifest) continue;
      names.set(e, policy.admit(header(e)));
      declared += e.size;
    }
    policy.count(declared + (manifest?.size ?? 0), zip.index.size);
    let done = 0;
    for (const e of [...(manifest ? [manifest] : []), ...names.keys()]) {
      if (opts.signal?.aborted) throw canceledError();
      const target = path.join(dest, ...(names.get(e) ?? EXPORT_MANIFEST).split('/'));
      if (zipEntryType(e) === 'dir') mkdirSync(target, { recursive: true });
      else await writers.write(target, stream(zip, file, e));
      done += e.compressedSize;
      opts.onProgress?.(done, zip.index.size);
    }
  } catch (e) {
    await writers.abort();
    throw e instanceof EngineError ? e : zipError(file, null, e);
  } finally {
    zip.close();
  }
}

function stream(zip: ZipReader, file: string, e: ZipEntry): Readable {
  try {
    return zip.contentStream(e);
  } catch (err) {
    throw zipError(file, e.name, err);
  }
}

function zipError(file: string, entry: string | null, e: unknown): unknown {
  if (e instanceof EngineError) return e;
  if (!(e instanceof Error) || e.name !== 'ZipFormatError') return fromErrno(e, file) ?? e;
  return new EngineError(
    'CORRUPT',
    `${file} is not a readable zip${entry ? ` (entry ${JSON.stringify(entry)})` : ''}: ${e.message.replace(/^zip: /, '')}.`,
    {
      path: file,
      fix: 'The archive is damaged or was not written by `modvault export`: export it again from the store it came from.',
      cause: e,
    },
  );
}
