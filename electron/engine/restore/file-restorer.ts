import { randomInt } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EngineError, fromErrno } from '../errors';
import { IN_MEMORY_BLOB_LIMIT } from '../store/blob-reader';
import type { BlobReader } from '../store/blob-reader';
import type { CatalogFile } from '../store/snapshot-catalog';
import { refuseLinkOnTheWay } from '../platform/no-follow';
import { Yielder } from '../platform/yielder';

/** A stored file and where it goes. */
export interface FileTarget {
  file: CatalogFile;
  dest: string;
}

/** Never restored: the next build would trim what was just restored (GO-CACHE.md). */
const SKIPPED = new Set(['gocache:trim.txt']);

/**
 * Files of a snapshot area (sumdb caches, build-cache entries) that are missing under `root`.
 * Paths come from the store: each is checked to stay inside `root` before anything is written,
 * and never to lead through a symlinked folder planted there (`00 -> /etc`).
 */
export function missingFiles(files: CatalogFile[], root: string): FileTarget[] {
  const out: FileTarget[] = [];
  const checked = new Set<string>();
  const refuseLinks = (dir: string) => {
    if (checked.has(dir)) return;
    checked.add(dir);
    refuseLinkOnTheWay(root, dir);
  };
  for (const file of files) {
    if (SKIPPED.has(`${file.area}:${file.path}`)) continue;
    const parts = file.path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\')))
      throw new EngineError(
        'CORRUPT',
        `The snapshot names a file outside its area: ${file.path}.`,
        {
          fix: 'Run `modvault check`; restore from another snapshot.',
        },
      );
    const dest = path.join(root, ...parts);
    if (existsSync(dest)) continue;
    refuseLinks(path.dirname(dest));
    out.push({ file, dest });
  }
  return out;
}

/**
 * Writes files that are missing (never replacing one that exists) by temp file + rename, so a
 * reader sees the whole file or none; each gets the current time, as Go expects of restored
 * build-cache entries.
 */
export async function restoreFiles(
  targets: FileTarget[],
  blobs: BlobReader,
  signal?: AbortSignal,
): Promise<{ files: number; bytes: number }> {
  const yielder = new Yielder(signal);
  let bytes = 0;
  for (const { file, dest } of targets) {
    const tmp = `${dest}${randomInt(1_000_000_000)}.tmp`;
    try {
      mkdirSync(path.dirname(dest), { recursive: true });
      if (file.size <= IN_MEMORY_BLOB_LIMIT)
        writeFileSync(tmp, blobs.content(file.blobId), { flag: 'wx', mode: file.mode & 0o777 });
      else
        await pipeline(
          blobs.contentStream(file.blobId),
          createWriteStream(tmp, { flags: 'wx', mode: file.mode & 0o777 }),
        );
      renameSync(tmp, dest);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw fromErrno(e, dest) ?? e;
    }
    bytes += file.size;
    await yielder.maybeYield();
  }
  return { files: targets.length, bytes };
}
