import type { Db } from '../store/migrations';
import type { CatalogVersion, SnapshotRecord } from '../store/snapshot-catalog';
import { SnapshotCatalog } from '../store/snapshot-catalog';

export interface LocalBlob {
  id: number;
  sha256: string;
}

/** What push reads from the local index about a snapshot, blobs named by their hashes. */
export class LocalSnapshots {
  readonly catalog: SnapshotCatalog;

  constructor(private readonly db: Db) {
    this.catalog = new SnapshotCatalog(db);
  }

  /** .mod, .info and file-set blobs of the snapshot. */
  ownBlobs(s: SnapshotRecord): LocalBlob[] {
    return this.db
      .prepare(
        `SELECT id, lower(hex(sha256)) AS sha256 FROM blobs WHERE id IN (
           SELECT mod_blob FROM version_set_items WHERE set_id = ?
           UNION SELECT info_blob FROM version_set_items WHERE set_id = ?
           UNION SELECT blob_id FROM file_set_items WHERE set_id = ?)`,
      )
      .all(s.versionSetId, s.versionSetId, s.fileSetId) as LocalBlob[];
  }

  /** A version's files in zip order, with their blobs' hashes. */
  versionFiles(
    versionId: number,
  ): { name: string; mode: number | null; id: number; sha256: string }[] {
    return this.db
      .prepare(
        `SELECT f.name, f.mode, b.id, lower(hex(b.sha256)) AS sha256 FROM version_files f
         JOIN blobs b ON b.id = f.blob_id WHERE f.version_id = ? ORDER BY f.idx`,
      )
      .all(versionId) as { name: string; mode: number | null; id: number; sha256: string }[];
  }

  /** [area, path, blob hash, mode] of the snapshot's other files. */
  files(s: SnapshotRecord): { area: string; path: string; sha256: string; mode: number }[] {
    return this.db
      .prepare(
        `SELECT i.area, i.path, lower(hex(b.sha256)) AS sha256, i.mode FROM file_set_items i
         JOIN blobs b ON b.id = i.blob_id WHERE i.set_id = ? ORDER BY i.area, i.path`,
      )
      .all(s.fileSetId) as { area: string; path: string; sha256: string; mode: number }[];
  }

  /** Hashes of blobs by id. */
  shaOf(ids: (number | null)[]): Map<number, string> {
    const stmt = this.db.prepare('SELECT lower(hex(sha256)) FROM blobs WHERE id = ?').pluck();
    const out = new Map<number, string>();
    for (const id of ids) if (id !== null && !out.has(id)) out.set(id, stmt.get(id) as string);
    return out;
  }

  /** Zip deflate streams known to hold each blob (hex). */
  raws(ids: number[]): Map<number, string[]> {
    const stmt = this.db
      .prepare('SELECT lower(hex(raw_sha256)) FROM raw_digests WHERE blob_id = ?')
      .pluck();
    return new Map(ids.map((id) => [id, stmt.all(id) as string[]]));
  }

  versions(s: SnapshotRecord): CatalogVersion[] {
    return this.catalog.versions(s);
  }
}
