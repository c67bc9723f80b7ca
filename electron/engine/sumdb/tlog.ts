import { createHash } from 'node:crypto';

// The checksum database's transparent log (golang.org/x/mod/sumdb/tlog): an RFC 6962 Merkle
// tree whose stored hashes are served in tiles of height 8. A record is authentic when the tree
// root computed from it — and the tiles' other hashes — is the root the database signed.

export const TILE_HEIGHT = 8;
const TILE_WIDTH = 1 << TILE_HEIGHT;
const HASH = 32;

export interface Tree {
  size: number;
  hash: Buffer;
}

export class TlogError extends Error {
  override name = 'TlogError';
}

/** "go.sum database tree\n<N>\n<base64 hash>\n" (later lines ignored, as tlog.ParseTree does). */
export function parseTree(text: string): Tree {
  const lines = text.split('\n');
  if (lines[0] !== 'go.sum database tree' || lines.length < 4)
    throw new TlogError('malformed tree note');
  const n = Number(lines[1]);
  const hash = Buffer.from(lines[2]!, 'base64');
  if (!Number.isSafeInteger(n) || n < 0 || String(n) !== lines[1] || hash.length !== HASH)
    throw new TlogError('malformed tree note');
  return { size: n, hash };
}

/** A lookup answer: "<id>\n<record text>\n" then the signed tree note. */
export function parseRecord(msg: string): { id: number; text: string; rest: string } {
  const nl = msg.indexOf('\n');
  const id = Number(msg.slice(0, nl));
  const end = msg.indexOf('\n\n', nl + 1);
  if (nl < 0 || !/^\d+$/.test(msg.slice(0, nl)) || !Number.isSafeInteger(id) || end < 0)
    throw new TlogError('malformed record data');
  return { id, text: msg.slice(nl + 1, end + 1), rest: msg.slice(end + 2) };
}

export const recordHash = (data: string | Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();

export const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

/** A tile's coordinates: level L (of tiles), number N, width W (hashes at level L·8). */
export interface Tile {
  level: number;
  n: number;
  width: number;
}

/** tlog.Tile.Path: "tile/8/L/x123/456[.p/W]". */
export function tilePath(t: Tile): string {
  let n = t.n;
  let s = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    s = `x${String(n % 1000).padStart(3, '0')}/${s}`;
  }
  return `tile/${TILE_HEIGHT}/${t.level}/${s}${t.width === TILE_WIDTH ? '' : `.p/${t.width}`}`;
}

/** Reads tiles (from a cache or a server); the data is checked by the root it leads to. */
export type TileReader = (t: Tile) => Promise<Buffer>;

/** The largest power of two ≤ n (n ≥ 1), exact where Math.log2 would round. */
function floorPow2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
const isPow2 = (n: number) => n > 0 && floorPow2(n) === n;
const div = (a: number, b: number) => Math.floor(a / b);

/**
 * Hashes of one tree (of `size` records) read through tiles, with the tiles kept for the whole
 * check: a lookup needs a handful, and neighbouring records share most of them.
 */
export class TreeHashes {
  private readonly tiles = new Map<string, Promise<Buffer>>();

  constructor(
    readonly size: number,
    private readonly read: TileReader,
  ) {}

  /** The stored hash of the complete subtree at `level` and `index` (2^level records). */
  private async stored(level: number, index: number): Promise<Buffer> {
    const tl = div(level, TILE_HEIGHT);
    const r = level - tl * TILE_HEIGHT;
    const first = index * 2 ** r; // at level tl·8
    const n = div(first, TILE_WIDTH);
    const atLevel = div(this.size, 2 ** (tl * TILE_HEIGHT));
    const width = Math.min(TILE_WIDTH, atLevel - n * TILE_WIDTH);
    const start = first - n * TILE_WIDTH;
    const end = start + 2 ** r;
    if (width <= 0 || end > width)
      throw new TlogError(`no hash ${level}/${index} in tree ${this.size}`);
    const tile = { level: tl, n, width };
    const key = tilePath(tile);
    let data = this.tiles.get(key);
    if (!data) {
      data = this.read(tile).then((d) => {
        if (d.length < width * HASH) throw new TlogError(`short tile ${key}`);
        return d.subarray(0, width * HASH);
      });
      this.tiles.set(key, data);
    }
    let hashes: Buffer[] = [];
    const bytes = await data;
    for (let i = start; i < end; i++) hashes.push(bytes.subarray(i * HASH, (i + 1) * HASH));
    while (hashes.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < hashes.length; i += 2) up.push(nodeHash(hashes[i]!, hashes[i + 1]!));
      hashes = up;
    }
    return hashes[0]!;
  }

  /** The hash of records [lo, hi): one stored hash when complete, else split as RFC 6962 does. */
  private async subtree(lo: number, hi: number): Promise<Buffer> {
    const n = hi - lo;
    if (isPow2(n)) return this.stored(Math.round(Math.log2(n)), div(lo, n));
    const k = floorPow2(n - 1);
    return nodeHash(await this.subtree(lo, lo + k), await this.subtree(lo + k, hi));
  }

  /** The root of the first `n` records (n ≤ size): checks an older tree head against this one. */
  root(n = this.size): Promise<Buffer> {
    if (n <= 0 || n > this.size)
      throw new TlogError(`cannot hash tree ${n} from tree ${this.size}`);
    return this.subtree(0, n);
  }

  /** The root of the whole tree with record `id` replaced by a leaf of hash `leaf`. */
  async rootWithLeaf(id: number, leaf: Buffer): Promise<Buffer> {
    if (id < 0 || id >= this.size) throw new TlogError(`record ${id} is not in tree ${this.size}`);
    const walk = async (lo: number, hi: number): Promise<Buffer> => {
      if (hi - lo === 1) return leaf;
      const k = floorPow2(hi - lo - 1);
      return id < lo + k
        ? nodeHash(await walk(lo, lo + k), await this.subtree(lo + k, hi))
        : nodeHash(await this.subtree(lo, lo + k), await walk(lo + k, hi));
    };
    return walk(0, this.size);
  }
}
