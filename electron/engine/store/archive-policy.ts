import { formatBytes } from '../../../shared/format';
import { EngineError } from '../errors';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { isCanonicalModuleVersion } from '../gomod/semver';
import type { ExportManifest } from './export-manifest';
import { EXPORT_MANIFEST, exportFiles, FILE_LIMITS, MAX_MANIFEST_BYTES } from './export-manifest';

/** What an archive entry is, from its header (tar type flag, zip external attributes). */
export type ArchiveEntryType =
  'file' | 'dir' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface ArchiveEntry {
  /** The name as the archive spells it. */
  name: string;
  type: ArchiveEntryType;
  /** Declared size of its content. */
  size: number;
  /** Where a link entry points. */
  linkTarget?: string | null;
  /** False when the name bytes are not UTF-8 (zip). */
  nameIsUtf8?: boolean;
}

export interface ArchiveLimits {
  /** Unpacked content may be this many times the compressed bytes read so far… */
  ratio: number;
  /** …beyond this many bytes (small archives of text compress well). */
  floorBytes: number;
  /** Entries an archive without a manifest may hold. */
  maxEntries: number;
}

/**
 * Exports hold module zips (already compressed) and small text files: a gzip of them shrinks
 * them a few times at most, a decompression bomb a thousand times.
 */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  ratio: 100,
  floorBytes: 8 << 20,
  maxEntries: 2_000_000,
};

const FIX =
  'Import only archives written by `modvault export`, or unpack it yourself, look at what it holds, and import the folder.';

const TYPE_WORDS: Record<ArchiveEntryType, string> = {
  file: 'file',
  dir: 'folder',
  symlink: 'symlink',
  hardlink: 'hard link',
  device: 'device',
  fifo: 'named pipe (FIFO)',
  other: 'special',
};

/** A relative, clean, "/"-separated name that stays inside the destination, or null. */
export function safeEntryName(name: string): string | null {
  if (name === '' || name.includes('\\') || name.includes('\0') || name.startsWith('/'))
    return null;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /^[A-Za-z]:$/.test(p))) return null;
  return parts.join('/');
}

/** How a name is compared: case- and normalization-insensitive file systems merge these. */
const fold = (name: string) => name.normalize('NFC').toLowerCase();

const VERSION_ENTRY = /^(.+)\/@v\/(?:list|(.+)\.(mod|info|zip))$/;

/** The largest size a file of an export may have, judged by its name alone (no manifest). */
function layoutLimit(name: string): number | null {
  if (name === EXPORT_MANIFEST) return MAX_MANIFEST_BYTES;
  const m = VERSION_ENTRY.exec(name);
  if (!m || tryUnescapePath(m[1]!) === null) return null;
  if (m[2] === undefined) return FILE_LIMITS.list;
  const v = tryUnescapeVersion(m[2]);
  if (v === null || !isCanonicalModuleVersion(v)) return null;
  return FILE_LIMITS[m[3] as 'mod' | 'info' | 'zip'];
}

/**
 * Decides, entry by entry and before any of its bytes are written, what an export archive may
 * unpack: regular files and folders only, each once, inside the destination, named as the
 * export's manifest (or, without one, the GOPROXY layout) says, no larger than that allows —
 * and stops an archive whose contents inflate far beyond its compressed size. Every refusal
 * is an EngineError naming the entry.
 */
export class ArchivePolicy {
  private expected: Map<string, number> | null = null;
  private readonly files = new Map<string, { name: string; size: number }>();
  private readonly dirs = new Set<string>();
  private entries = 0;
  private maxEntries: number;
  private content = 0;

  constructor(
    private readonly archive: string,
    private readonly limits: ArchiveLimits = ARCHIVE_LIMITS,
  ) {
    this.maxEntries = limits.maxEntries;
  }

  get hasManifest(): boolean {
    return this.expected !== null;
  }

  /**
   * The manifest is known (a zip's, or a tar's first entry): from now on only what it lists is
   * admitted; what came before it (archives written before 0.1) must be listed too.
   */
  useManifest(m: ExportManifest): void {
    const expected = exportFiles(m);
    this.expected = expected;
    this.maxEntries = Math.min(this.maxEntries, 2 * expected.size + 16);
    for (const f of this.files.values()) this.checkExpected(f.name, f.size);
  }

  /** Checks an entry's header; returns the name to write it under, or throws. */
  admit(e: ArchiveEntry): string {
    if (++this.entries > this.maxEntries)
      throw this.refuse(
        `${this.archive} holds more than ${this.maxEntries} entries, more than ${this.expected ? 'its manifest describes' : 'any export of a module cache'}.`,
      );
    const name = e.nameIsUtf8 === false ? null : safeEntryName(e.name.replace(/^(\.\/)+/, ''));
    if (name === null)
      throw this.refuse(
        `${this.archive} holds an entry outside its folder: ${JSON.stringify(e.name)}.`,
        'UNSAFE_PATH',
      );
    const key = fold(name);
    const parents = this.parents(key);
    if (parents.some((p) => this.files.has(p))) throw this.conflict(name);
    if (e.type === 'dir') {
      if (this.files.has(key)) throw this.conflict(name);
      this.dirs.add(key);
      return name;
    }
    if (e.type !== 'file')
      throw this.refuse(
        `${this.archive} holds a ${TYPE_WORDS[e.type]} entry ${JSON.stringify(name)}${e.linkTarget ? ` -> ${JSON.stringify(e.linkTarget)}` : ''}: an export holds only regular files, and ModVault never unpacks links.`,
        'UNSAFE_PATH',
      );
    if (this.files.has(key))
      throw this.refuse(
        `${this.archive} holds ${JSON.stringify(name)} twice${this.files.get(key)!.name !== name ? ` (as ${JSON.stringify(this.files.get(key)!.name)} too, the same name on a case-insensitive disk)` : ''}: an export holds each file once.`,
      );
    if (this.dirs.has(key)) throw this.conflict(name);
    if (this.expected) this.checkExpected(name, e.size);
    else {
      const limit = layoutLimit(name);
      if (limit === null)
        throw this.refuse(
          `${this.archive} holds ${JSON.stringify(name)}, which is not part of a module export (<module>/@v/<version>.mod, .info, .zip, list and ${EXPORT_MANIFEST}).`,
        );
      this.checkSize(name, e.size, limit, 'a file of its kind can have');
    }
    this.files.set(key, { name, size: e.size });
    for (const p of parents) this.dirs.add(p);
    return name;
  }

  /**
   * Counts bytes as they are decompressed (or, for a zip, as its directory declares them):
   * more than `ratio` times the compressed bytes read so far, beyond a floor, is a
   * decompression bomb, and unpacking stops.
   */
  count(bytes: number, compressedSoFar: number): void {
    this.content += bytes;
    const allowed = this.limits.floorBytes + this.limits.ratio * compressedSoFar;
    if (this.content > allowed)
      throw this.refuse(
        `${this.archive} unpacks to more than ${this.limits.ratio} times its compressed size (${formatBytes(this.content)} from ${formatBytes(compressedSoFar)}): a decompression bomb, unpacking stopped.`,
      );
  }

  private checkExpected(name: string, size: number): void {
    const limit = this.expected!.get(name);
    if (limit === undefined)
      throw this.refuse(
        `${this.archive} holds ${JSON.stringify(name)}, which is not part of the export its manifest describes.`,
      );
    this.checkSize(name, size, limit, 'its manifest allows');
  }

  private checkSize(name: string, size: number, limit: number, why: string): void {
    if (size > limit)
      throw this.refuse(
        `${this.archive}: the entry ${JSON.stringify(name)} is ${formatBytes(size)}, more than the ${formatBytes(limit)} ${why}.`,
      );
  }

  private parents(key: string): string[] {
    const out: string[] = [];
    for (let i = key.indexOf('/'); i > 0; i = key.indexOf('/', i + 1)) out.push(key.slice(0, i));
    return out;
  }

  private conflict(name: string): EngineError {
    return this.refuse(
      `${this.archive} holds ${JSON.stringify(name)} both as a file and as a folder.`,
    );
  }

  refuse(message: string, code: 'CORRUPT' | 'UNSAFE_PATH' = 'CORRUPT'): EngineError {
    return new EngineError(code, message, { path: this.archive, fix: FIX });
  }
}
