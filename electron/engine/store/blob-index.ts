import type { Statement } from 'better-sqlite3';
import { readableBlob } from './blob-damage';
import type { Db } from './migrations';
import type { BlobMeta, Codec } from './pack-format';
import type { SealedPack } from './pack-writer';
import type { IndexedBlob } from './pack-task';

/** What a zip entry's deflate stream is known to hold (sha256 as hex). */
export interface KnownRaw {
  sha256: string;
  size: number;
  crc32: number;
}

/** Everything needed to read a blob: which pack, where, how it is encoded. */
export interface BlobLocation {
  id: number;
  sha256: Buffer;
  size: number;
  crc32: number;
  codec: Codec;
  pack: string;
  offset: number;
  storedSize: number;
}

export interface PackRow {
  id: number;
  name: string;
  size: number;
  blobCount: number;
}

/** Lookups go to SQLite this many keys at a time: one call instead of one per key. */
const BATCH = 256;
const EMPTY = Buffer.alloc(0);

function inBatches<T>(keys: Buffer[], stmt: Statement<Buffer[], T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    while (chunk.length < BATCH) chunk.push(EMPTY);
    out.push(...stmt.all(...chunk));
  }
  return out;
}

/** The blob and pack tables: lookups by content hash and by zip stream hash, and inserts. */
export class BlobIndex {
  private readonly byShaStmt: Statement<[Buffer], { id: number }>;
  private readonly manyStmt: Statement<Buffer[], { sha256: Buffer; id: number }>;
  private readonly insertPackStmt: Statement<[string, number, number, number]>;
  private readonly insertBlobStmt: Statement<
    [Buffer, number, number, number, number, number | bigint, number, number]
  >;
  private readonly healStmt: Statement<
    [number, number, number, number, number | bigint, number, number, Buffer],
    { id: number }
  >;
  private readonly undamageStmt: Statement<[number]>;
  private readonly insertRawStmt: Statement<[Buffer, Buffer]>;
  private readonly insertBaseStmt: Statement<[number, Buffer]>;
  private readonly unlinkBaseStmt: Statement<[number]>;
  private readonly locationStmt: Statement<[number], BlobLocation>;

  constructor(private readonly db: Db) {
    const params = Array(BATCH).fill('?').join(',');
    this.byShaStmt = db.prepare('SELECT id FROM blobs WHERE sha256 = ?');
    // A damaged or lost blob is not "in the store": whoever has its content stores it again.
    this.manyStmt = db.prepare(
      `SELECT b.sha256, b.id FROM blobs b WHERE b.sha256 IN (${params}) AND ${readableBlob('b')}`,
    );
    this.insertPackStmt = db.prepare(
      'INSERT INTO packs (name, size, blob_count, created_at) VALUES (?, ?, ?, ?)',
    );
    this.insertBlobStmt = db.prepare(
      'INSERT OR IGNORE INTO blobs (sha256, size, crc32, codec, kind, pack_id, offset, stored_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.healStmt = db.prepare(
      `UPDATE blobs SET size = ?, crc32 = ?, codec = ?, kind = ?, pack_id = ?, offset = ?, stored_size = ?
       WHERE sha256 = ? AND NOT (${readableBlob('blobs')}) RETURNING id`,
    );
    this.undamageStmt = db.prepare('DELETE FROM damaged_blobs WHERE blob_id = ?');
    this.insertRawStmt = db.prepare(
      'INSERT OR IGNORE INTO raw_digests (raw_sha256, blob_id) SELECT ?, id FROM blobs WHERE sha256 = ?',
    );
    this.insertBaseStmt = db.prepare(
      'INSERT OR IGNORE INTO blob_bases (blob_id, base_id) SELECT ?, id FROM blobs WHERE sha256 = ?',
    );
    this.unlinkBaseStmt = db.prepare('DELETE FROM blob_bases WHERE blob_id = ?');
    this.locationStmt = db.prepare(
      `SELECT b.id AS id, b.sha256 AS sha256, b.size AS size, b.crc32 AS crc32, b.codec AS codec,
         coalesce(p.name, '') AS pack, b.offset AS offset, b.stored_size AS storedSize
       FROM blobs b LEFT JOIN packs p ON p.id = b.pack_id WHERE b.id = ?`,
    );
  }

  /** Ids of the blobs the store has, by sha256 hex. */
  findMany(shas: Buffer[]): Map<string, number> {
    return new Map(inBatches(shas, this.manyStmt).map((r) => [r.sha256.toString('hex'), r.id]));
  }

  /**
   * Records a sealed pack and its blobs (call inside a transaction); returns the blob ids, and
   * the ids of damaged or lost blobs that now have a good copy in this pack (healed: every
   * snapshot naming them is whole again, under the same ids).
   */
  addPack(pack: SealedPack, now: number): { ids: number[]; healed: number[] } {
    const packId = this.insertPackStmt.run(
      pack.name,
      pack.size,
      pack.blobs.length,
      now,
    ).lastInsertRowid;
    const healed: number[] = [];
    const ids = pack.blobs.map((b) => {
      const fields = [b.size, b.crc32 >>> 0, b.codec, b.kind ?? 0, packId, b.offset] as const;
      const r = this.insertBlobStmt.run(b.sha256, ...fields, b.storedSize);
      if (r.changes > 0) return this.linkBase(Number(r.lastInsertRowid), b);
      const heal = this.healStmt.get(...fields, b.storedSize, b.sha256);
      if (!heal) return this.byShaStmt.get(b.sha256)!.id;
      this.undamageStmt.run(heal.id);
      // The good copy may be encoded otherwise than the damaged one (a delta or not).
      this.unlinkBaseStmt.run(heal.id);
      healed.push(this.linkBase(heal.id, b));
      return heal.id;
    });
    return { ids, healed };
  }

  /** Records a new delta blob's base (which the store holds: the writer read it). */
  private linkBase(id: number, b: BlobMeta): number {
    if (b.base && this.insertBaseStmt.run(id, b.base).changes === 0)
      throw new Error(`internal: the base of delta blob ${id} is not in the store`);
    return id;
  }

  /**
   * Links stored delta blobs (hex SHA-256 → the base their bytes name) that the index does not
   * link yet, as `store repair` finds them in packs; returns the ids of those now linked, and
   * of those whose base no pack holds (those cannot be decoded).
   */
  linkDeltas(deltas: ReadonlyMap<string, string>): { linked: number[]; baseless: number[] } {
    const out = { linked: [] as number[], baseless: [] as number[] };
    const find = this.db.prepare(
      `SELECT b.id FROM blobs b WHERE b.sha256 = ? AND b.codec = 2
         AND NOT EXISTS (SELECT 1 FROM blob_bases bb WHERE bb.blob_id = b.id)`,
    );
    this.db.transaction(() => {
      for (const [sha, base] of deltas) {
        const id = find.pluck().get(Buffer.from(sha, 'hex')) as number | undefined;
        if (id === undefined) continue;
        if (this.insertBaseStmt.run(id, Buffer.from(base, 'hex')).changes > 0) out.linked.push(id);
        else out.baseless.push(id);
      }
    })();
    return out;
  }

  /** Remembers which content a zip's deflate stream holds (the blob must be indexed). */
  addRaw(rawSha256: Buffer, sha256: Buffer): void {
    this.insertRawStmt.run(rawSha256, sha256);
  }

  location(id: number): BlobLocation | undefined {
    return this.locationStmt.get(id);
  }

  packs(): PackRow[] {
    return this.db
      .prepare('SELECT id, name, size, blob_count AS blobCount FROM packs ORDER BY id')
      .all() as PackRow[];
  }

  /** Sealed pack file names the index knows. */
  packNames(): Set<string> {
    return new Set(this.db.prepare('SELECT name FROM packs').pluck().all() as string[]);
  }

  /** A pack's blobs as the index records them, in pack order (deltas with their base). */
  blobsInPack(packId: number): IndexedBlob[] {
    const rows = this.db
      .prepare(
        `SELECT b.id, b.offset, b.stored_size AS storedSize, b.codec, b.size, b.crc32, b.sha256, b.kind,
           base.id AS baseId, coalesce(bp.name, '') AS basePack, base.offset AS baseOffset,
           base.stored_size AS baseStoredSize, base.codec AS baseCodec, base.size AS baseSize,
           base.sha256 AS baseSha256
         FROM blobs b LEFT JOIN blob_bases bb ON bb.blob_id = b.id
           LEFT JOIN blobs base ON base.id = bb.base_id LEFT JOIN packs bp ON bp.id = base.pack_id
         WHERE b.pack_id = ? ORDER BY b.offset`,
      )
      .all(packId) as (Omit<IndexedBlob, 'sha256' | 'base'> & {
      sha256: Buffer;
      baseId: number | null;
      basePack: string;
      baseOffset: number;
      baseStoredSize: number;
      baseCodec: Codec;
      baseSize: number;
      baseSha256: Buffer;
    })[];
    return rows.map((r) => ({
      id: r.id,
      offset: r.offset,
      storedSize: r.storedSize,
      codec: r.codec,
      size: r.size,
      crc32: r.crc32,
      sha256: r.sha256.toString('hex'),
      kind: r.kind,
      base:
        r.baseId === null
          ? undefined
          : {
              id: r.baseId,
              pack: r.basePack,
              offset: r.baseOffset,
              storedSize: r.baseStoredSize,
              codec: r.baseCodec,
              size: r.baseSize,
              sha256: r.baseSha256.toString('hex'),
            },
    }));
  }
}
