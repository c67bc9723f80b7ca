import type {
  BuildCacheInfo,
  SnapshotKind,
  SnapshotSummary,
  SnapshotVersion,
} from '../../../shared/dto/store';
import { EngineError } from '../errors';
import type { Yielder } from '../platform/yielder';
import type { Db } from './migrations';

export interface SnapshotRecord {
  id: string;
  seq: number;
  kind: SnapshotKind;
  time: number;
  host: string;
  gomodcache: string;
  gocache: string | null;
  goVersion: string | null;
  goos: string | null;
  goarch: string | null;
  versionSetId: number;
  fileSetId: number;
  versions: number;
  newVersions: number;
  files: number;
  bytes: number;
  bytesAdded: number;
  gocacheFiles: number;
  gocacheBytes: number;
  durationMs: number;
  problems: string;
  /** The manifest file in snapshots/ (null: written by a ModVault that wrote none). */
  manifest: string | null;
  problemsBlob: number | null;
  /** The module cache on disk, as the scan counts it (null: imports, older snapshots). */
  diskBytes: number | null;
}

/** A module version of a snapshot, with what a restore needs to find its data. */
export interface CatalogVersion extends Omit<SnapshotVersion, 'hasMod' | 'hasInfo'> {
  versionId: number;
  /** Blob ids of the .mod and .info files (null when the cache had none). */
  modBlob: number | null;
  infoBlob: number | null;
}

/** A file of a module version, in the original zip's order. */
export interface VersionFile {
  /** Relative to "<path>@<version>/" ("/"-separated; a trailing "/" is a directory entry). */
  name: string;
  blobId: number;
  mode: number | null;
  size: number;
  crc32: number;
}

/** A version's file with where its blob is: what a restore needs to write it. */
export interface VersionFileBlob extends VersionFile {
  sha256: Buffer;
  codec: number;
  pack: string;
  offset: number;
  storedSize: number;
  /** Hex SHA-256s of the zip deflate streams known to hold this content, comma-separated. */
  rawDigests: string | null;
  /** The base blob of a delta (codec DeflateDict). */
  baseId: number | null;
}

/** A file outside module versions: list files and sumdb (area modcache/sumdb) or GOCACHE. */
export interface CatalogFile {
  area: 'modcache' | 'sumdb' | 'gocache';
  path: string;
  blobId: number;
  mode: number;
  size: number;
}

/** Rows of a version's file list read in one go (a few milliseconds' worth). */
const FILE_PAGE = 512;

const SNAPSHOT_COLUMNS = `id, seq, kind, time, host, gomodcache, gocache, go_version AS goVersion, goos, goarch,
  version_set_id AS versionSetId, file_set_id AS fileSetId, versions, new_versions AS newVersions, files, bytes,
  bytes_added AS bytesAdded, gocache_files AS gocacheFiles, gocache_bytes AS gocacheBytes,
  duration_ms AS durationMs, problems, manifest, problems_blob AS problemsBlob, disk_bytes AS diskBytes`;

export function buildCacheOf(r: SnapshotRecord): BuildCacheInfo | null {
  if (!r.gocache) return null;
  return {
    gocache: r.gocache,
    goVersion: r.goVersion ?? '',
    goos: r.goos ?? '',
    goarch: r.goarch ?? '',
    files: r.gocacheFiles,
    bytes: r.gocacheBytes,
  };
}

export function toSummary(r: SnapshotRecord): SnapshotSummary {
  return {
    id: r.id,
    time: new Date(r.time).toISOString(),
    versions: r.versions,
    bytes: r.bytes,
    kind: r.kind,
    host: r.host,
    gomodcache: r.gomodcache,
    files: r.files,
    newVersions: r.newVersions,
    bytesAdded: r.bytesAdded,
    problems: (JSON.parse(r.problems) as unknown[]).length,
    buildCache: buildCacheOf(r),
    diskBytes: r.diskBytes,
  };
}

export function toVersionDto(v: CatalogVersion): SnapshotVersion {
  return {
    path: v.path,
    version: v.version,
    h1: v.h1,
    source: v.source,
    verified: v.verified,
    fileCount: v.fileCount,
    contentBytes: v.contentBytes,
    zipBytes: v.zipBytes,
    hasMod: v.modBlob !== null,
    hasInfo: v.infoBlob !== null,
  };
}

/**
 * Read side of the store: snapshots, the versions and files they hold, and each version's files
 * with blob ids and modes. Restore, export, diff and the UI read through this.
 */
export class SnapshotCatalog {
  constructor(private readonly db: Db) {}

  /** Every snapshot, oldest first. */
  list(): SnapshotRecord[] {
    return this.db
      .prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY seq`)
      .all() as SnapshotRecord[];
  }

  /** A snapshot by id, unique id prefix, or "latest". */
  get(ref: string): SnapshotRecord {
    const rows =
      ref === 'latest'
        ? this.db
            .prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY seq DESC LIMIT 1`)
            .all()
        : this.db
            .prepare(
              `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE id >= ? AND id < ? ORDER BY seq LIMIT 2`,
            )
            .all(ref, `${ref}\uffff`);
    if (rows.length === 0)
      throw new EngineError(
        'NOT_FOUND',
        ref === 'latest' ? 'The store has no snapshots yet.' : `No snapshot ${ref}.`,
        {
          fix: 'List them with `modvault snapshots`.',
        },
      );
    if (rows.length > 1)
      throw new EngineError('INVALID_INPUT', `${ref} matches more than one snapshot.`, {
        fix: 'Give more characters of the id.',
      });
    return rows[0] as SnapshotRecord;
  }

  versions(s: SnapshotRecord): CatalogVersion[] {
    const rows = this.db
      .prepare(
        `SELECT v.id AS versionId, v.path, v.version, v.h1, v.source, v.verified, v.file_count AS fileCount,
           v.content_bytes AS contentBytes, v.zip_bytes AS zipBytes, i.mod_blob AS modBlob, i.info_blob AS infoBlob
         FROM version_set_items i JOIN module_versions v ON v.id = i.version_id
         WHERE i.set_id = ? ORDER BY v.path, v.version`,
      )
      .all(s.versionSetId) as (Omit<CatalogVersion, 'verified'> & { verified: number })[];
    return rows.map((r) => ({ ...r, verified: r.verified === 1 }));
  }

  versionFiles(versionId: number): VersionFile[] {
    return this.db
      .prepare(
        `SELECT f.name, f.blob_id AS blobId, f.mode, b.size, b.crc32 FROM version_files f
         JOIN blobs b ON b.id = f.blob_id WHERE f.version_id = ? ORDER BY f.idx`,
      )
      .all(versionId) as VersionFile[];
  }

  /**
   * versionFiles() with each blob's hash and location, in zip order, read in pages: a large
   * module lists thousands of files.
   */
  async versionFileBlobs(versionId: number, yielder?: Yielder): Promise<VersionFileBlob[]> {
    const last = this.db
      .prepare('SELECT max(idx) FROM version_files WHERE version_id = ?')
      .pluck()
      .get(versionId) as number | null;
    const page = this.db.prepare(
      `SELECT f.name, f.blob_id AS blobId, f.mode, b.size, b.crc32, b.sha256, b.codec, coalesce(p.name, '') AS pack,
         b.offset, b.stored_size AS storedSize,
         (SELECT group_concat(lower(hex(r.raw_sha256))) FROM raw_digests r WHERE r.blob_id = f.blob_id) AS rawDigests,
         (SELECT base_id FROM blob_bases bb WHERE bb.blob_id = f.blob_id) AS baseId
       FROM version_files f JOIN blobs b ON b.id = f.blob_id LEFT JOIN packs p ON p.id = b.pack_id
       WHERE f.version_id = ? AND f.idx >= ? AND f.idx < ? ORDER BY f.idx`,
    );
    const out: VersionFileBlob[] = [];
    for (let from = 0; last !== null && from <= last; from += FILE_PAGE) {
      if (from > 0) await yielder?.maybeYield();
      for (const row of page.all(versionId, from, from + FILE_PAGE) as VersionFileBlob[])
        out.push(row);
    }
    return out;
  }

  files(s: SnapshotRecord): CatalogFile[] {
    return this.db
      .prepare(
        `SELECT i.area, i.path, i.blob_id AS blobId, i.mode, b.size FROM file_set_items i
         JOIN blobs b ON b.id = i.blob_id WHERE i.set_id = ? ORDER BY i.area, i.path`,
      )
      .all(s.fileSetId) as CatalogFile[];
  }
}
