import type { SnapshotProblem } from '../../../shared/dto/store';
import type { NewVersion } from './version-store';

// The metadata blobs a snapshot manifest points to (JSON, deduplicated like any blob: the same
// module version, version set or file set is stored once). Hashes are hex SHA-256 of contents.

/** One module version: what a `version_files` list and its `module_versions` row hold. */
export interface VersionMeta extends Omit<NewVersion, 'files'> {
  t: 'version';
  /** [name, sha256, mode, size] in the original zip's order. */
  files: [string, string, number | null, number][];
}

/** The versions of a snapshot: [version metadata sha256, .mod sha256, .info sha256]. */
export interface VersionSetMeta {
  t: 'version-set';
  items: [string, string | null, string | null][];
}

/** The other files of a snapshot: [area, path, sha256, mode, size]. */
export interface FileSetMeta {
  t: 'file-set';
  items: [string, string, string, number, number][];
}

export interface ProblemsMeta {
  t: 'problems';
  items: SnapshotProblem[];
}

export type Metadata = VersionMeta | VersionSetMeta | FileSetMeta | ProblemsMeta;

export function encodeMetadata(m: Metadata): Buffer {
  return Buffer.from(JSON.stringify(m));
}

const HEX64 = /^[0-9a-f]{64}$/;
const sha = (v: unknown) => typeof v === 'string' && HEX64.test(v);
const shaOrNull = (v: unknown) => v === null || sha(v);
const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** Parses a metadata blob of the expected type; throws when it is not one. */
export function parseMetadata<T extends Metadata['t']>(
  bytes: Buffer,
  t: T,
): Extract<Metadata, { t: T }> {
  const m = JSON.parse(bytes.toString('utf8')) as Metadata;
  const ok = ((): boolean => {
    if (m?.t !== t) return false;
    switch (m.t) {
      case 'version':
        return (
          typeof m.path === 'string' &&
          typeof m.version === 'string' &&
          typeof m.h1 === 'string' &&
          ['zip', 'tree', 'none'].includes(m.source) &&
          Array.isArray(m.files) &&
          m.files.every(
            (f) =>
              typeof f[0] === 'string' &&
              sha(f[1]) &&
              (f[2] === null || count(f[2])) &&
              count(f[3]),
          )
        );
      case 'version-set':
        return (
          Array.isArray(m.items) &&
          m.items.every((i) => sha(i[0]) && shaOrNull(i[1]) && shaOrNull(i[2]))
        );
      case 'file-set':
        return (
          Array.isArray(m.items) &&
          m.items.every(
            (i) =>
              ['modcache', 'sumdb', 'gocache'].includes(i[0]) &&
              typeof i[1] === 'string' &&
              sha(i[2]) &&
              count(i[3]) &&
              count(i[4]),
          )
        );
      case 'problems':
        return Array.isArray(m.items);
    }
  })();
  if (!ok) throw new Error(`not a ${t} metadata blob`);
  return m as Extract<Metadata, { t: T }>;
}
