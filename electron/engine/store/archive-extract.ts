import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ReadEntry } from 'tar';
import { EngineError } from '../errors';
import { ZipReader } from '../gomod/zip-reader';

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

/** A relative, clean, "/"-separated name that stays inside the destination, or null. */
function safeName(name: string): string | null {
  if (name === '' || name.includes('\\') || name.includes('\0') || name.startsWith('/'))
    return null;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /^[A-Za-z]:$/.test(p))) return null;
  return parts.join('/');
}

function unsafe(archive: string, name: string): EngineError {
  return new EngineError(
    'UNSAFE_PATH',
    `${archive} holds an entry outside its folder: ${JSON.stringify(name)}.`,
    {
      path: archive,
      fix: 'Import only archives made by `modvault export`, or unpack it yourself and import the folder.',
    },
  );
}

/** Unpacks an export archive into `dest` (regular files and folders only, nothing outside it). */
export async function extractArchive(file: string, kind: ArchiveKind, dest: string): Promise<void> {
  if (kind === 'tar.gz') {
    // tar loads only when a .tar.gz is imported.
    const { extract } = await import('tar');
    await extract({
      file,
      cwd: dest,
      strict: true,
      filter: (p: string, entry: unknown) => {
        const type = (entry as ReadEntry).type;
        if (type !== 'File' && type !== 'Directory') return false;
        if (safeName(p.replace(/^\.\//, '')) === null) throw unsafe(file, p);
        return true;
      },
    });
    return;
  }
  const zip = ZipReader.openSync(file, 0);
  try {
    for (const e of zip.entries) {
      const name = safeName(e.name);
      if (name === null) throw unsafe(file, e.name);
      const target = path.join(dest, ...name.split('/'));
      if (e.name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(zip.contentStream(e), createWriteStream(target, { flags: 'wx' }));
    }
  } finally {
    zip.close();
  }
}
