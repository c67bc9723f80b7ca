import type { Statement } from 'better-sqlite3';
import { readableBlob } from './blob-damage';
import type { KnownRaw } from './blob-index';
import { LruMap } from './lru-map';
import type { Db } from './migrations';
import type { KnownStreams } from './zip-task';

/** About 200 bytes each: a few tens of MB at most, whatever the size of the cache. */
const MAX_STREAMS = 200_000;
/** Earlier versions of a module that share most of its files: the newest few are enough. */
const VERSIONS_FROM_INDEX = 3;

/**
 * What the deflate streams of each module's files hold (damaged or lost blobs left out: their
 * streams must be inflated and stored again): a new version of a module mostly
 * repeats files of the previous ones, byte for byte in its zip, so those entries need no
 * inflating. Kept per module for the session (bounded), loaded from the index on first use.
 */
export class ModuleStreams {
  private readonly modules = new LruMap<string, Map<string, KnownRaw>>(Number.MAX_SAFE_INTEGER);
  private readonly sizes = new Map<string, number>();
  private total = 0;
  private readonly stmt: Statement<
    [string, number],
    { raw: Buffer; sha256: Buffer; size: number; crc32: number }
  >;

  constructor(db: Db) {
    this.stmt = db.prepare(
      `SELECT r.raw_sha256 AS raw, b.sha256 AS sha256, b.size AS size, b.crc32 AS crc32
       FROM version_files f JOIN raw_digests r ON r.blob_id = f.blob_id JOIN blobs b ON b.id = f.blob_id
       WHERE f.version_id IN (SELECT id FROM module_versions WHERE path = ? ORDER BY id DESC LIMIT ?)
         AND ${readableBlob('b')}`,
    );
  }

  forModule(path: string): KnownStreams {
    const map = this.load(path);
    const n = map.size;
    const raws = Buffer.alloc(n * 32);
    const shas = Buffer.alloc(n * 32);
    const sizes = new Float64Array(n);
    const crcs = new Uint32Array(n);
    let i = 0;
    for (const [raw, k] of map) {
      raws.write(raw, i * 32, 'hex');
      shas.write(k.sha256, i * 32, 'hex');
      sizes[i] = k.size;
      crcs[i++] = k.crc32;
    }
    return { raws, shas, sizes, crcs };
  }

  note(path: string, rawSha256: string, known: KnownRaw): void {
    const map = this.load(path);
    if (map.has(rawSha256)) return;
    map.set(rawSha256, known);
    this.grow(path, 1);
  }

  private load(path: string): Map<string, KnownRaw> {
    let map = this.modules.get(path);
    if (map) return map;
    map = new Map();
    for (const r of this.stmt.all(path, VERSIONS_FROM_INDEX))
      map.set(r.raw.toString('hex'), {
        sha256: r.sha256.toString('hex'),
        size: r.size,
        crc32: r.crc32,
      });
    this.modules.set(path, map);
    this.grow(path, map.size);
    return map;
  }

  private grow(path: string, n: number): void {
    this.sizes.set(path, (this.sizes.get(path) ?? 0) + n);
    this.total += n;
    while (this.total > MAX_STREAMS) {
      const oldest = this.modules.oldest();
      if (oldest === undefined || oldest === path) break;
      this.modules.delete(oldest);
      this.total -= this.sizes.get(oldest) ?? 0;
      this.sizes.delete(oldest);
    }
  }
}
