import type { Statement } from 'better-sqlite3';
import { DELTA_MAX } from './blob-encoding';
import { readableBlob } from './blob-damage';
import type { Db } from './migrations';
import type { Codec } from './pack-format';

/** A blob a new file may be delta-encoded against: where its stored bytes are. */
export interface DeltaBaseRef {
  /** Hex SHA-256 of its content. */
  sha256: string;
  pack: string;
  offset: number;
  storedSize: number;
  codec: Codec;
  size: number;
}

/** For one module: file name (relative to "<path>@<version>/") → its base candidate. */
export interface DeltaBases {
  packsDir: string;
  files: Record<string, DeltaBaseRef>;
}

/**
 * Where a new version's files find their delta bases: the same names in the newest version of
 * the module the store holds. A name whose blob is a delta itself offers that delta's base
 * instead, so a chain never grows past one step (restores decode at most two blobs per file).
 * Looked up once per module per session.
 */
export class DeltaBaseFinder {
  private readonly cache = new Map<string, DeltaBases>();
  private readonly stmt: Statement<[string, number], DeltaBaseRef & { name: string; sha: Buffer }>;
  private readonly storedStmt: Statement<[string, string]>;

  constructor(
    db: Db,
    private readonly packsDir: string,
  ) {
    this.stmt = db.prepare(
      `SELECT f.name, b.sha256 AS sha, p.name AS pack, b.offset, b.stored_size AS storedSize,
         b.codec, b.size
       FROM version_files f LEFT JOIN blob_bases bb ON bb.blob_id = f.blob_id
         JOIN blobs b ON b.id = coalesce(bb.base_id, f.blob_id) JOIN packs p ON p.id = b.pack_id
       WHERE f.version_id = (SELECT id FROM module_versions WHERE path = ? AND source != 'none'
                             ORDER BY id DESC LIMIT 1)
         AND b.size <= ? AND b.size > 0 AND ${readableBlob('b')}`,
    );
    this.storedStmt = db.prepare('SELECT 1 FROM module_versions WHERE path = ? AND version = ?');
  }

  /**
   * The bases for a version of `path`; none for a version the store holds already: it is read
   * again to heal a damaged blob, which is stored whole — a blob others may be deltas against
   * must never become a delta itself.
   */
  forVersion(path: string, version: string): DeltaBases | null {
    if (this.storedStmt.get(path, version)) return null;
    return this.forModule(path);
  }

  private forModule(path: string): DeltaBases {
    let bases = this.cache.get(path);
    if (bases) return bases;
    const files: Record<string, DeltaBaseRef> = {};
    for (const r of this.stmt.all(path, DELTA_MAX))
      files[r.name] = {
        sha256: r.sha.toString('hex'),
        pack: r.pack,
        offset: r.offset,
        storedSize: r.storedSize,
        codec: r.codec,
        size: r.size,
      };
    bases = { packsDir: this.packsDir, files };
    // One module's list at a time is what a snapshot reading module after module needs.
    if (this.cache.size > 64) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(path, bases);
    return bases;
  }
}
