import { createHash, randomBytes } from 'node:crypto';
import type { SnapshotKind, SnapshotProblem, SnapshotResult } from '../../../shared/dto/store';
import type { Db } from './migrations';

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

export interface SnapshotRow {
  kind: SnapshotKind;
  time: number;
  host: string;
  gomodcache: string;
  gocache: (BuildCacheSource & { files: number; bytes: number }) | null;
  newVersions: number;
  bytesAdded: number;
  durationMs: number;
  problems: SnapshotProblem[];
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

/**
 * Writes what a snapshot holds. Version and file lists are stored once per distinct content
 * (keyed by a digest of their items), so a snapshot of an unchanged cache adds a single row.
 */
export class SnapshotRecorder {
  constructor(private readonly db: Db) {}

  /** Records a snapshot in one transaction (its row comes last: a crash before leaves none). */
  record(c: SnapshotContents): Omit<SnapshotResult, 'storeBytes'> {
    const gocacheFiles = c.files.filter((f) => f.area === 'gocache');
    const buildCache = c.gocache
      ? {
          ...c.gocache,
          files: gocacheFiles.length,
          bytes: gocacheFiles.reduce((n, f) => n + f.size, 0),
        }
      : null;
    const newVersions = c.versions.filter((v) => v.created).length;
    const { id, versions, files } = this.db.transaction(() => {
      const versions = this.versionSet(c.versions);
      const files = this.fileSet(c.files);
      const row = {
        kind: c.kind,
        time: c.time,
        host: c.host,
        gomodcache: c.gomodcache,
        gocache: buildCache,
        newVersions,
        bytesAdded: c.bytesAdded,
        durationMs: c.time - c.started,
        problems: c.problems,
      };
      const id = this.insert(row, versions, files);
      if (c.disk) this.recordDiskBytes(id, c.disk);
      return { id, versions, files };
    })();
    return {
      id,
      time: new Date(c.time).toISOString(),
      versions: versions.count,
      newVersions,
      bytesAdded: c.bytesAdded,
      problems: c.problems,
      files: files.count,
      bytes: versions.bytes + files.bytes,
      reread: c.reread,
      durationMs: c.time - c.started,
      gomodcache: c.gomodcache,
      buildCache: buildCache && {
        gocache: buildCache.dir,
        goVersion: buildCache.goVersion,
        goos: buildCache.goos,
        goarch: buildCache.goarch,
        files: buildCache.files,
        bytes: buildCache.bytes,
      },
    };
  }

  /** Zips plus the unpacked size of the extracted versions (the scanner's treeBytes). */
  private recordDiskBytes(id: string, disk: { zipBytes: number; extracted: number[] }): void {
    const trees = this.db
      .prepare(
        'SELECT coalesce(sum(content_bytes), 0) FROM module_versions WHERE id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .get(JSON.stringify(disk.extracted)) as number;
    this.db
      .prepare('UPDATE snapshots SET disk_bytes = ? WHERE id = ?')
      .run(disk.zipBytes + trees, id);
  }

  versionSet(items: VersionSetItem[]): RecordedSet {
    const sorted = [...items].sort((a, b) => a.versionId - b.versionId);
    const digest = createHash('sha256');
    for (const i of sorted)
      digest.update(`${i.versionId}:${i.modBlob ?? ''}:${i.infoBlob ?? ''}\n`);
    const key = digest.digest();
    const found = this.db
      .prepare('SELECT id, count, bytes FROM version_sets WHERE digest = ?')
      .get(key) as RecordedSet | undefined;
    if (found) return found;
    const id = Number(
      this.db
        .prepare('INSERT INTO version_sets (digest, count, bytes) VALUES (?, ?, 0)')
        .run(key, sorted.length).lastInsertRowid,
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

  fileSet(items: FileSetItem[]): RecordedSet {
    const sorted = [...items].sort((a, b) =>
      a.area === b.area
        ? a.path < b.path
          ? -1
          : a.path > b.path
            ? 1
            : 0
        : a.area < b.area
          ? -1
          : 1,
    );
    const digest = createHash('sha256');
    for (const i of sorted) digest.update(`${i.area}\0${i.path}\0${i.blobId}\0${i.mode}\n`);
    const key = digest.digest();
    const found = this.db
      .prepare('SELECT id, count, bytes FROM file_sets WHERE digest = ?')
      .get(key) as RecordedSet | undefined;
    if (found) return found;
    const bytes = sorted.reduce((n, i) => n + i.size, 0);
    const id = Number(
      this.db
        .prepare('INSERT INTO file_sets (digest, count, bytes) VALUES (?, ?, ?)')
        .run(key, sorted.length, bytes).lastInsertRowid,
    );
    const insert = this.db.prepare(
      'INSERT INTO file_set_items (set_id, area, path, blob_id, mode) VALUES (?, ?, ?, ?, ?)',
    );
    for (const i of sorted) insert.run(id, i.area, i.path, i.blobId, i.mode);
    return { id, count: sorted.length, bytes };
  }

  /** Inserts the snapshot row; returns its new id (8 hex characters). */
  insert(row: SnapshotRow, versions: RecordedSet, files: RecordedSet): string {
    const seq =
      ((this.db.prepare('SELECT max(seq) FROM snapshots').pluck().get() as number | null) ?? 0) + 1;
    for (;;) {
      const id = randomBytes(4).toString('hex');
      const taken = this.db.prepare('SELECT 1 FROM snapshots WHERE id = ?').get(id);
      if (taken) continue;
      this.db
        .prepare(
          `INSERT INTO snapshots (id, seq, kind, time, host, gomodcache, gocache, go_version, goos, goarch,
             version_set_id, file_set_id, versions, new_versions, files, bytes, bytes_added,
             gocache_files, gocache_bytes, duration_ms, problems)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          seq,
          row.kind,
          row.time,
          row.host,
          row.gomodcache,
          row.gocache?.dir ?? null,
          row.gocache?.goVersion ?? null,
          row.gocache?.goos ?? null,
          row.gocache?.goarch ?? null,
          versions.id,
          files.id,
          versions.count,
          row.newVersions,
          files.count,
          versions.bytes + files.bytes,
          row.bytesAdded,
          row.gocache?.files ?? 0,
          row.gocache?.bytes ?? 0,
          row.durationMs,
          JSON.stringify(row.problems),
        );
      return id;
    }
  }
}
