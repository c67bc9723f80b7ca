import type { Statement } from 'better-sqlite3';
import type { Db } from './migrations';
import type { Codec } from './pack-format';
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
    [Buffer, number, number, number, number | bigint, number, number]
  >;
  private readonly insertRawStmt: Statement<[Buffer, Buffer]>;
  private readonly insertBaseStmt: Statement<[number, Buffer]>;
  private readonly locationStmt: Statement<[number], BlobLocation>;

  constructor(private readonly db: Db) {
    const params = Array(BATCH).fill('?').join(',');
    this.byShaStmt = db.prepare('SELECT id FROM blobs WHERE sha256 = ?');
    this.manyStmt = db.prepare(`SELECT sha256, id FROM blobs WHERE sha256 IN (${params})`);
    this.insertPackStmt = db.prepare(
      'INSERT INTO packs (name, size, blob_count, created_at) VALUES (?, ?, ?, ?)',
    );
    this.insertBlobStmt = db.prepare(
      'INSERT OR IGNORE INTO blobs (sha256, size, crc32, codec, pack_id, offset, stored_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertRawStmt = db.prepare(
      'INSERT OR IGNORE INTO raw_digests (raw_sha256, blob_id) SELECT ?, id FROM blobs WHERE sha256 = ?',
    );
    this.insertBaseStmt = db.prepare(
      'INSERT OR IGNORE INTO blob_bases (blob_id, base_id) SELECT ?, id FROM blobs WHERE sha256 = ?',
    );
    this.locationStmt = db.prepare(
      'SELECT b.id AS id, b.sha256 AS sha256, b.size AS size, b.crc32 AS crc32, b.codec AS codec, p.name AS pack, b.offset AS offset, b.stored_size AS storedSize FROM blobs b JOIN packs p ON p.id = b.pack_id WHERE b.id = ?',
    );
  }

  /** Ids of the blobs the store has, by sha256 hex. */
  findMany(shas: Buffer[]): Map<string, number> {
    return new Map(inBatches(shas, this.manyStmt).map((r) => [r.sha256.toString('hex'), r.id]));
  }

  /** Records a sealed pack and its blobs (call inside a transaction); returns the blob ids. */
  addPack(pack: SealedPack, now: number): number[] {
    const packId = this.insertPackStmt.run(
      pack.name,
      pack.size,
      pack.blobs.length,
      now,
    ).lastInsertRowid;
    return pack.blobs.map((b) => {
      const r = this.insertBlobStmt.run(
        b.sha256,
        b.size,
        b.crc32 >>> 0,
        b.codec,
        packId,
        b.offset,
        b.storedSize,
      );
      if (r.changes === 0) return this.byShaStmt.get(b.sha256)!.id;
      const id = Number(r.lastInsertRowid);
      if (b.base && this.insertBaseStmt.run(id, b.base).changes === 0)
        throw new Error(`internal: the base of delta blob ${id} is not in the store`);
      return id;
    });
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

  /** A pack's blobs as the index records them, in pack order (deltas with their base). */
  blobsInPack(packId: number): IndexedBlob[] {
    const rows = this.db
      .prepare(
        `SELECT b.id, b.offset, b.stored_size AS storedSize, b.codec, b.size, b.crc32, b.sha256,
           bp.name AS basePack, base.offset AS baseOffset, base.stored_size AS baseStoredSize,
           base.codec AS baseCodec, base.size AS baseSize, base.sha256 AS baseSha256
         FROM blobs b LEFT JOIN blob_bases bb ON bb.blob_id = b.id
           LEFT JOIN blobs base ON base.id = bb.base_id LEFT JOIN packs bp ON bp.id = base.pack_id
         WHERE b.pack_id = ? ORDER BY b.offset`,
      )
      .all(packId) as (Omit<IndexedBlob, 'sha256' | 'base'> & {
      sha256: Buffer;
      basePack: string | null;
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
      base:
        r.basePack === null
          ? undefined
          : {
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
