import type { Statement } from 'better-sqlite3';
import type { VersionSource } from '../../../shared/dto/store';
import { BlobDamage } from './blob-damage';
import type { Db } from './migrations';

/** Stat signatures recorded the last time a cache's version was read. */
export interface VersionSourceRow {
  content_sig: string;
  version_id: number;
  mod_sig: string;
  mod_blob: number | null;
  info_sig: string;
  info_blob: number | null;
}

export interface NewVersion {
  path: string;
  version: string;
  h1: string;
  source: VersionSource;
  verified: boolean;
  contentBytes: number;
  zipBytes: number;
  /** sha256 as hex. */
  files: { name: string; sha256: string; mode: number | null }[];
}

/** Module versions in the index: identity lookups, inserts with their files, stat signatures. */
export class VersionStore {
  private readonly sourceStmt: Statement<[string, string, string], VersionSourceRow>;
  private readonly findStmt: Statement<[string, string, string], number>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly fileStmt: Statement<unknown[]>;
  private readonly upsertSourceStmt: Statement<unknown[]>;
  private readonly lastSnapshotStmt: Statement<[number], string>;
  private damage: { blobs: Set<number>; versions: Set<number> } | null = null;

  constructor(private readonly db: Db) {
    this.sourceStmt = db.prepare(
      'SELECT content_sig, version_id, mod_sig, mod_blob, info_sig, info_blob FROM version_sources WHERE root = ? AND path = ? AND version = ?',
    );
    this.findStmt = db
      .prepare('SELECT id FROM module_versions WHERE path = ? AND version = ? AND h1 = ?')
      .pluck() as Statement<[string, string, string], number>;
    this.insertStmt = db.prepare(
      `INSERT INTO module_versions (path, version, h1, source, verified, file_count, content_bytes, zip_bytes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, version, h1) DO NOTHING`,
    );
    this.fileStmt = db.prepare(
      'INSERT INTO version_files (version_id, idx, name, blob_id, mode) VALUES (?, ?, ?, ?, ?)',
    );
    this.upsertSourceStmt = db.prepare(
      `INSERT OR REPLACE INTO version_sources (root, path, version, content_sig, version_id, mod_sig, mod_blob, info_sig, info_blob)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.lastSnapshotStmt = db
      .prepare(
        `SELECT s.id FROM snapshots s JOIN version_set_items i ON i.set_id = s.version_set_id
         WHERE i.version_id = ? ORDER BY s.seq DESC LIMIT 1`,
      )
      .pluck() as Statement<[number], string>;
  }

  source(root: string, path: string, version: string): VersionSourceRow | undefined {
    return this.sourceStmt.get(root, path, version);
  }

  find(path: string, version: string, h1: string): number | undefined {
    return this.findStmt.get(path, version, h1);
  }

  /** Inserts a version and its files unless the same contents are already there. */
  insert(
    v: NewVersion,
    now: number,
    blobId: (sha256: string) => number | undefined,
  ): { id: number; created: boolean } {
    const existing = this.find(v.path, v.version, v.h1);
    if (existing !== undefined) return { id: existing, created: false };
    const id = Number(
      this.insertStmt.run(
        v.path,
        v.version,
        v.h1,
        v.source,
        v.verified ? 1 : 0,
        v.files.length,
        v.contentBytes,
        v.zipBytes,
        now,
      ).lastInsertRowid,
    );
    v.files.forEach((f, idx) => {
      const blob = blobId(f.sha256);
      if (blob === undefined) throw new Error(`internal: blob ${f.sha256} is not committed`);
      this.fileStmt.run(id, idx, f.name, blob, f.mode);
    });
    return { id, created: true };
  }

  setSource(root: string, path: string, version: string, row: VersionSourceRow): void {
    this.upsertSourceStmt.run(
      root,
      path,
      version,
      row.content_sig,
      row.version_id,
      row.mod_sig,
      row.mod_blob,
      row.info_sig,
      row.info_blob,
    );
  }

  /** Whether a version has a damaged or lost file (then it is read again, to heal it). */
  isDamaged(versionId: number): boolean {
    return this.damaged().versions.has(versionId);
  }

  /** Whether a stored blob (a .mod, .info or other file) is damaged or lost. */
  isDamagedBlob(blobId: number): boolean {
    return this.damaged().blobs.has(blobId);
  }

  private damaged() {
    const d = new BlobDamage(this.db, Date.now);
    this.damage ??= { blobs: d.ids(), versions: d.versions() };
    return this.damage;
  }

  /** The newest snapshot holding this version. */
  lastSnapshotWith(versionId: number): string | undefined {
    return this.lastSnapshotStmt.get(versionId);
  }
}
