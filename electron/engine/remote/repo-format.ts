import { EngineError } from '../errors';
import type { SnapshotRecord } from '../store/snapshot-catalog';

/**
 * The documents a remote holds besides packs. Blob hashes appear once per document, in its
 * blob table (32-byte SHA-256s, base64); everything else refers to a blob by its index there.
 */

/** [index in the blob table, offset of the stored bytes in the pack, stored size, size, crc32, codec] */
export type PackedBlobRow = [number, number, number, number, number, number];

export interface PackEntry {
  /** SHA-256 of the pack's plaintext bytes (hex): its identity. */
  sha256: string;
  size: number;
  blobs: PackedBlobRow[];
}

/** A module version's content: [file name, mode or null, blob] in zip order. */
export interface VersionEntry {
  path: string;
  version: string;
  h1: string;
  source: 'zip' | 'tree' | 'none';
  verified: boolean;
  contentBytes: number;
  zipBytes: number;
  files: [string, number | null, number][];
}

/** One push's additions: packs, what their blobs hold, and versions new to the remote. */
export interface IndexDoc {
  format: 'modvault-remote-index';
  version: 1;
  created: string;
  host: string;
  blobs: string;
  packs: PackEntry[];
  /** [blob, SHA-256 of a zip deflate stream known to hold it (base64)] */
  raws: [number, string][];
  versions: VersionEntry[];
}

/** A snapshot's row as the store has it, without the store's own numbering. */
export type SnapshotMeta = Omit<SnapshotRecord, 'seq' | 'versionSetId' | 'fileSetId'>;

/** A snapshot's reference, written after everything it needs is on the remote. */
export interface SnapshotDoc {
  format: 'modvault-remote-snapshot';
  version: 1;
  snapshot: SnapshotMeta;
  pushedAt: string;
  pushedFrom: string;
  blobs: string;
  /** [path, version, h1, .mod blob or -1, .info blob or -1] */
  versions: [string, string, string, number, number][];
  /** [area, path, blob, mode] */
  files: [string, string, number, number][];
}

/** Collects blob hashes for a document's table. */
export class BlobTable {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];

  ref(sha256hex: string): number {
    let i = this.index.get(sha256hex);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(sha256hex);
      this.index.set(sha256hex, i);
    }
    return i;
  }

  encode(): string {
    return Buffer.concat(this.list.map((h) => Buffer.from(h, 'hex'))).toString('base64');
  }

  static decode(text: string, what: string): string[] {
    const raw = Buffer.from(text, 'base64');
    if (raw.length % 32 !== 0) throw malformed(what, 'its blob table is cut');
    const out: string[] = [];
    for (let i = 0; i < raw.length; i += 32) out.push(raw.subarray(i, i + 32).toString('hex'));
    return out;
  }
}

export function malformed(what: string, why: string): EngineError {
  return new EngineError('CORRUPT', `The remote object ${what} is malformed (${why}).`, {
    fix: 'Run `modvault remote check NAME` to see what is affected; push again from a machine that has the snapshots.',
  });
}

/** Looks a document's blob reference up, refusing references past its table. */
export function blobAt(table: string[], i: number, what: string): string {
  const h = Number.isInteger(i) ? table[i] : undefined;
  if (h === undefined) throw malformed(what, `blob reference ${i} is outside its table`);
  return h;
}

export function checkDoc<T extends { format: string; version: number }>(
  doc: unknown,
  format: T['format'],
  what: string,
): T {
  const d = doc as T | null;
  if (!d || typeof d !== 'object' || d.format !== format)
    throw malformed(what, `not a ${format} document`);
  if (d.version !== 1)
    throw new EngineError(
      'UNSUPPORTED',
      `The remote object ${what} was written by a newer ModVault.`,
      {
        fix: 'Upgrade ModVault to use this remote.',
      },
    );
  return d;
}
