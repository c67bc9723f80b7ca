import type { Statement } from 'better-sqlite3';
import type { Db } from './migrations';
import { BlobKind } from './pack-format';
import type { SnapshotRecord } from './snapshot-catalog';
import type { FileSetItem, VersionSetItem } from './snapshot-recorder';
import { SnapshotRecorder } from './snapshot-recorder';
import type { NewVersion } from './version-store';
import { VersionStore } from './version-store';

/** A module version as described outside the index (files in the original zip's order). */
export interface DescribedVersion extends NewVersion {
  files: (NewVersion['files'][number] & { size: number })[];
  /** Hex SHA-256 of the version's metadata blob, when known. */
  meta: string | null;
  mod: { sha256: string; size: number } | null;
  info: { sha256: string; size: number } | null;
}

/** A snapshot as a manifest (or an older copy of the index) describes it. */
export interface DescribedSnapshot {
  record: Omit<SnapshotRecord, 'versionSetId' | 'fileSetId' | 'problemsBlob'>;
  versions: DescribedVersion[];
  files: { area: string; path: string; sha256: string; mode: number; size: number }[];
  /** Hex SHA-256 of its metadata blobs, when known. */
  metas: { versionSet: string | null; fileSet: string | null; problems: string | null };
}

/**
 * Puts described snapshots into an index: module versions found by (path, version, h1) or
 * created with their files, sets and the snapshot row, with blobs found by content hash. A blob
 * no pack holds gets a row without a pack (lost): the snapshot keeps naming it, check reports
 * it, and the next snapshot of a cache that still has the content stores it again — which makes
 * this snapshot whole again too.
 */
export class SnapshotRebuilder {
  private readonly bySha: Statement<[Buffer], number>;
  private readonly lostStmt: Statement<[Buffer, number]>;
  private readonly setMeta: Statement<[number | null, number]>;
  private readonly versions: VersionStore;
  private readonly recorder: SnapshotRecorder;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.bySha = db.prepare('SELECT id FROM blobs WHERE sha256 = ?').pluck() as Statement<
      [Buffer],
      number
    >;
    this.lostStmt = db.prepare(
      `INSERT INTO blobs (sha256, size, crc32, codec, kind, pack_id, offset, stored_size)
       VALUES (?, ?, 0, 0, ${BlobKind.Data}, NULL, 0, 0)`,
    );
    this.setMeta = db.prepare('UPDATE module_versions SET meta_blob = ? WHERE id = ?');
    this.versions = new VersionStore(db);
    this.recorder = new SnapshotRecorder(db);
  }

  /** Whether the index has a snapshot with this id. */
  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM snapshots WHERE id = ?').get(id) !== undefined;
  }

  /** Inserts a snapshot (one transaction). */
  insert(d: DescribedSnapshot): void {
    this.db.transaction(() => {
      const versions: VersionSetItem[] = d.versions.map((v) => ({
        versionId: this.version(v),
        modBlob: v.mod ? this.blob(v.mod.sha256, v.mod.size) : null,
        infoBlob: v.info ? this.blob(v.info.sha256, v.info.size) : null,
      }));
      const files: FileSetItem[] = d.files.map((f) => ({
        area: f.area,
        path: f.path,
        blobId: this.blob(f.sha256, f.size),
        mode: f.mode,
        size: f.size,
      }));
      const vs = this.recorder.versionSet(versions, this.known(d.metas.versionSet));
      const fs = this.recorder.fileSet(files, this.known(d.metas.fileSet));
      const seqTaken = this.db.prepare('SELECT 1 FROM snapshots WHERE seq = ?').get(d.record.seq);
      this.recorder.insert({
        ...d.record,
        seq: seqTaken ? this.recorder.nextSeq() : d.record.seq,
        versionSetId: vs.id,
        fileSetId: fs.id,
        problemsBlob: this.known(d.metas.problems),
      });
    })();
  }

  /** The id of a blob by hash; a row without a pack when no pack holds it. */
  private blob(sha256: string, size: number): number {
    const key = Buffer.from(sha256, 'hex');
    const id = this.bySha.get(key);
    if (id !== undefined) return id;
    return Number(this.lostStmt.run(key, size).lastInsertRowid);
  }

  private known(sha256: string | null): number | null {
    return sha256 === null ? null : (this.bySha.get(Buffer.from(sha256, 'hex')) ?? null);
  }

  private version(v: DescribedVersion): number {
    const sizes = new Map(v.files.map((f) => [f.sha256, f.size]));
    const { id, created } = this.versions.insert(v, this.now(), (sha) =>
      this.blob(sha, sizes.get(sha)!),
    );
    if (created && v.meta) this.setMeta.run(this.known(v.meta), id);
    return id;
  }
}
