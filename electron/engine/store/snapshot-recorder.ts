import { createHash, randomBytes } from 'node:crypto';
import type { SnapshotKind, SnapshotProblem, SnapshotResult } from '../../../shared/dto/store';
import type { FileIntents } from './file-intents';
import { manifestPath } from './file-intents';
import type { Db } from './migrations';
import type { SnapshotRecord } from './snapshot-catalog';
import { buildCacheOf } from './snapshot-catalog';

export interface VersionSetItem {
  versionId: number;
  modBlob: number | null;
  infoBlob: number | null;
}

export interface FileSetItem {
  area: string;
  path: string;
  blobId: number;
  mode: number;
  size: number;
}

export interface BuildCacheSource {
  dir: string;
  goVersion: string;
  goos: string;
  goarch: string;
}

export interface RecordedSet {
  id: number;
  count: number;
  bytes: number;
}

/** Everything a finished snapshot holds, once its blobs and versions are committed. */
export interface SnapshotContents {
  kind: SnapshotKind;
  time: number;
  started: number;
  host: string;
  gomodcache: string;
  gocache: BuildCacheSource | null;
  versions: (VersionSetItem & { created: boolean })[];
  files: FileSetItem[];
  bytesAdded: number;
  reread: number;
  problems: SnapshotProblem[];
  /** The cache on disk as the dashboard counts it: zip sizes, and which versions are extracted. */
  disk?: { zipBytes: number; extracted: number[] };
}

/** What the manifest of a snapshot points to: blob ids of its metadata blobs. */
export interface SnapshotMetaIds {
  versionSet: number;
  fileSet: number;
  problems: number | null;
}

/** A snapshot about to be committed: its row, and the sets it names. */
export interface PreparedSnapshot {
  record: SnapshotRecord;
}

/** Sorted as file sets are stored (area, then path): the order of their digest and metadata. */
export function sortFileItems(items: readonly FileSetItem[]): FileSetItem[] {
  return [...items].sort((a, b) =>
    a.area === b.area ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.area < b.area ? -1 : 1,
  );
}

/**
 * Writes what a snapshot holds. Version and file lists are stored once per distinct content
 * (keyed by a digest of their items), so a snapshot of an unchanged cache adds a single row.
 * Committing takes two transactions around the manifest file: `prepare` records the sets (rows
 * no snapshot names yet are garbage to prune), then `commit` the snapshot row itself, last.
 */
export class SnapshotRecorder {
  constructor(private readonly db: Db) {}

  /** The recorded version set with these items, and the id of its metadata blob. */
  findVersionSet(items: readonly VersionSetItem[]): { id: number; metaBlob: number | null } | null {
    return (
      (this.db
        .prepare('SELECT id, meta_blob AS metaBlob FROM version_sets WHERE digest = ?')
        .get(versionSetDigest(items)) as { id: number; metaBlob: number | null } | undefined) ??
      null
    );
  }

  findFileSet(items: readonly FileSetItem[]): { id: number; metaBlob: number | null } | null {
    return (
      (this.db
        .prepare('SELECT id, meta_blob AS metaBlob FROM file_sets WHERE digest = ?')
        .get(fileSetDigest(sortFileItems(items))) as
        { id: number; metaBlob: number | null } | undefined) ?? null
    );
  }

  /** Records the sets of a snapshot and gives the row it will have (one transaction). */
  prepare(c: SnapshotContents, meta: SnapshotMetaIds): PreparedSnapshot {
    const gocacheFiles = c.files.filter((f) => f.area === 'gocache');
    return this.db.transaction(() => {
      const versions = this.versionSet(c.versions, meta.versionSet);
      const files = this.fileSet(c.files, meta.fileSet);
      const record: SnapshotRecord = {
        id: this.newId(),
        seq: this.nextSeq(),
        kind: c.kind,
        time: c.time,
        host: c.host,
        gomodcache: c.gomodcache,
        gocache: c.gocache?.dir ?? null,
        goVersion: c.gocache?.goVersion ?? null,
        goos: c.gocache?.goos ?? null,
        goarch: c.gocache?.goarch ?? null,
        versionSetId: versions.id,
        fileSetId: files.id,
        versions: versions.count,
        newVersions: c.versions.filter((v) => v.created).length,
        files: files.count,
        bytes: versions.bytes + files.bytes,
        bytesAdded: c.bytesAdded,
        gocacheFiles: c.gocache ? gocacheFiles.length : 0,
        gocacheBytes: c.gocache ? gocacheFiles.reduce((n, f) => n + f.size, 0) : 0,
        durationMs: c.time - c.started,
        problems: JSON.stringify(c.problems),
        manifest: null,
        problemsBlob: meta.problems,
        diskBytes: c.disk ? this.diskBytes(c.disk) : null,
      };
      return { record };
    })();
  }

  /** Commits the snapshot row, naming its manifest (its intent is dropped with it). */
  commit(p: PreparedSnapshot, manifest: string, intents: FileIntents): void {
    this.db.transaction(() => {
      this.insert({ ...p.record, manifest });
      intents.done(manifestPath(manifest));
    })();
  }

  /** The snapshot result of a committed snapshot. */
  static result(
    r: SnapshotRecord,
    c: Pick<SnapshotContents, 'problems' | 'reread'>,
  ): Omit<SnapshotResult, 'storeBytes'> {
    return {
      id: r.id,
      time: new Date(r.time).toISOString(),
      versions: r.versions,
      newVersions: r.newVersions,
      bytesAdded: r.bytesAdded,
      problems: c.problems,
      files: r.files,
      bytes: r.bytes,
      reread: c.reread,
      durationMs: r.durationMs,
      gomodcache: r.gomodcache,
      buildCache: buildCacheOf(r),
    };
  }

  /** Zips plus the unpacked size of the extracted versions (the scanner's treeBytes). */
  private diskBytes(disk: { zipBytes: number; extracted: number[] }): number {
    const trees = this.db
      .prepare(
        'SELECT coalesce(sum(content_bytes), 0) FROM module_versions WHERE id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .get(JSON.stringify(disk.extracted)) as number;
    return disk.zipBytes + trees;
  }

  versionSet(items: readonly VersionSetItem[], metaBlob: number | null = null): RecordedSet {
    const sorted = [...items].sort((a, b) => a.versionId - b.versionId);
    const key = versionSetDigest(sorted);
    const found = this.db
      .prepare('SELECT id, count, bytes FROM version_sets WHERE digest = ?')
      .get(key) as RecordedSet | undefined;
    if (found) {
      if (metaBlob !== null)
        this.db
          .prepare('UPDATE version_sets SET meta_blob = ? WHERE id = ?')
          .run(metaBlob, found.id);
      return found;
    }
    const id = Number(
      this.db
        .prepare('INSERT INTO version_sets (digest, count, bytes, meta_blob) VALUES (?, ?, 0, ?)')
        .run(key, sorted.length, metaBlob).lastInsertRowid,
    );
    const insert = this.db.prepare(
      'INSERT INTO version_set_items (set_id, version_id, mod_blob, info_blob) VALUES (?, ?, ?, ?)',
    );
    for (const i of sorted) insert.run(id, i.versionId, i.modBlob, i.infoBlob);
    const bytes = this.db
      .prepare(
        `SELECT coalesce(sum(v.content_bytes), 0) + coalesce(sum(m.size), 0) + coalesce(sum(f.size), 0)
         FROM version_set_items i JOIN module_versions v ON v.id = i.version_id
         LEFT JOIN blobs m ON m.id = i.mod_blob LEFT JOIN blobs f ON f.id = i.info_blob WHERE i.set_id = ?`,
      )
      .pluck()
      .get(id) as number;
    this.db.prepare('UPDATE version_sets SET bytes = ? WHERE id = ?').run(bytes, id);
    return { id, count: sorted.length, bytes };
  }

  fileSet(items: readonly FileSetItem[], metaBlob: number | null = null): RecordedSet {
    const sorted = sortFileItems(items);
    const key = fileSetDigest(sorted);
    const found = this.db
      .prepare('SELECT id, count, bytes FROM file_sets WHERE digest = ?')
      .get(key) as RecordedSet | undefined;
    if (found) {
      if (metaBlob !== null)
        this.db.prepare('UPDATE file_sets SET meta_blob = ? WHERE id = ?').run(metaBlob, found.id);
      return found;
    }
    const bytes = sorted.reduce((n, i) => n + i.size, 0);
    const id = Number(
      this.db
        .prepare('INSERT INTO file_sets (digest, count, bytes, meta_blob) VALUES (?, ?, ?, ?)')
        .run(key, sorted.length, bytes, metaBlob).lastInsertRowid,
    );
    const insert = this.db.prepare(
      'INSERT INTO file_set_items (set_id, area, path, blob_id, mode) VALUES (?, ?, ?, ?, ?)',
    );
    for (const i of sorted) insert.run(id, i.area, i.path, i.blobId, i.mode);
    return { id, count: sorted.length, bytes };
  }

  /** A new snapshot id (8 hex characters) no snapshot of this store has. */
  newId(): string {
    const taken = this.db.prepare('SELECT 1 FROM snapshots WHERE id = ?');
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (taken.get(id) === undefined) return id;
    }
  }

  nextSeq(): number {
    return (
      ((this.db.prepare('SELECT max(seq) FROM snapshots').pluck().get() as number | null) ?? 0) + 1
    );
  }

  /** Inserts a snapshot row as it is (its id and seq included). */
  insert(r: SnapshotRecord): void {
    this.db
      .prepare(
        `INSERT INTO snapshots (id, seq, kind, time, host, gomodcache, gocache, go_version, goos, goarch,
           version_set_id, file_set_id, versions, new_versions, files, bytes, bytes_added,
           gocache_files, gocache_bytes, duration_ms, problems, manifest, problems_blob, disk_bytes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.id,
        r.seq,
        r.kind,
        r.time,
        r.host,
        r.gomodcache,
        r.gocache,
        r.goVersion,
        r.goos,
        r.goarch,
        r.versionSetId,
        r.fileSetId,
        r.versions,
        r.newVersions,
        r.files,
        r.bytes,
        r.bytesAdded,
        r.gocacheFiles,
        r.gocacheBytes,
        r.durationMs,
        r.problems,
        r.manifest,
        r.problemsBlob,
        r.diskBytes,
      );
  }
}

export function versionSetDigest(items: readonly VersionSetItem[]): Buffer {
  const sorted = [...items].sort((a, b) => a.versionId - b.versionId);
  const digest = createHash('sha256');
  for (const i of sorted) digest.update(`${i.versionId}:${i.modBlob ?? ''}:${i.infoBlob ?? ''}\n`);
  return digest.digest();
}

function fileSetDigest(sorted: readonly FileSetItem[]): Buffer {
  const digest = createHash('sha256');
  for (const i of sorted) digest.update(`${i.area}\0${i.path}\0${i.blobId}\0${i.mode}\n`);
  return digest.digest();
}
