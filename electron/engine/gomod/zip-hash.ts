import { createHash } from 'node:crypto';
import type { ScratchBuffer } from '../platform/scratch-buffer';
import type { FileDigest } from './h1';
import { h1FromDigests } from './h1';
import type { ModuleVersion } from './layout';
import { moduleZipProblems } from './module-zip';
import type { ZipEntry } from './zip-index';
import { INFLATE_IN_MEMORY_LIMIT, ZipReader } from './zip-reader';

export interface ZipFileDigest extends FileDigest {
  size: number;
}

export interface ZipHashResult {
  h1: string;
  files: ZipFileDigest[];
  /** Uncompressed bytes hashed. */
  bytes: number;
  /** Module-zip rule violations (empty when the module is not given or the zip is valid). */
  problems: string[];
}

async function streamSha256(reader: ZipReader, entry: ZipEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reader.contentStream(entry)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface HashEnv {
  scratch: ScratchBuffer;
  /** Told how many bytes of buffers just became garbage. */
  onGarbage: (bytes: number) => void;
}

export async function contentSha256(
  reader: ZipReader,
  entry: ZipEntry,
  env: HashEnv,
): Promise<string> {
  if (entry.size > INFLATE_IN_MEMORY_LIMIT) return streamSha256(reader, entry);
  const sha = createHash('sha256')
    .update(reader.readContent(entry, reader.readRawInto(entry, env.scratch)))
    .digest('hex');
  env.onGarbage(entry.size);
  return sha;
}

/**
 * dirhash.HashZip: every entry (directory entries too, hashed as empty files), sorted by name.
 * With duplicate names Go hashes the last entry's content under each of them; so do we.
 */
export async function hashZipFile(
  zipPath: string,
  env: HashEnv,
  module?: ModuleVersion,
): Promise<ZipHashResult> {
  const reader = ZipReader.openSync(zipPath);
  try {
    const lastSha = new Map<string, string>();
    let bytes = 0;
    for (const entry of reader.entries) {
      lastSha.set(entry.name, await contentSha256(reader, entry, env));
      bytes += entry.size;
    }
    const files = reader.entries.map((e) => ({
      name: e.name,
      sha256: lastSha.get(e.name)!,
      size: e.size,
    }));
    return {
      h1: h1FromDigests(files),
      files,
      bytes,
      problems: module ? moduleZipProblems(reader.entries, module) : [],
    };
  } finally {
    reader.close();
  }
}
