import { existsSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, deflateRawSync } from 'node:zlib';
import { BlobIndex } from '../../../electron/engine/store/blob-index';
import { BlobReader } from '../../../electron/engine/store/blob-reader';
import { openIndex } from '../../../electron/engine/store/store-db';
import type { BenchRow, BenchSuite } from '../context';

const CODECS: [string, (b: Buffer) => Buffer][] = [
  ['deflate level 6 (recompressed)', (b) => deflateRawSync(b, { level: 6 })],
  ['deflate level 9 (recompressed)', (b) => deflateRawSync(b, { level: 9 })],
  ...[5, 9].map((q): [string, (b: Buffer) => Buffer] => [
    `brotli quality ${q}`,
    (b) =>
      brotliCompressSync(b, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: q,
          [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
        },
      }),
  ]),
];

/**
 * The store keeps module files as the deflate streams found in their zips. This compares that
 * with recompressing the same unique contents (read back from the store the `store` suite
 * built), in bytes and single-thread CPU seconds. Run `npm run bench -- store` first.
 */
export const storeCodecsSuite: BenchSuite = {
  name: 'store-codecs',
  description:
    'size of the unique contents: stored zip deflate streams vs deflate/brotli recompression',
  async run(ctx) {
    const store = path.join(ctx.work, 'store');
    if (!existsSync(path.join(store, 'index.sqlite')))
      throw new Error(`no store at ${store}: run \`npm run bench -- store\` first`);
    const db = await openIndex(path.join(store, 'index.sqlite'), false);
    try {
      const reader = new BlobReader(new BlobIndex(db), path.join(store, 'packs'));
      const rows = db
        .prepare(
          `SELECT b.id, b.stored_size AS stored FROM blobs b WHERE b.id IN (SELECT blob_id FROM version_files)`,
        )
        .all() as { id: number; stored: number }[];
      const contents = rows.map((r) => reader.content(r.id));
      const raw = contents.reduce((n, c) => n + c.length, 0);
      const stored = rows.reduce((n, r) => n + r.stored, 0);
      const out: BenchRow[] = [
        { metric: `unique module files (${rows.length})`, value: raw / 1e6, unit: 'MB' },
        {
          metric: "as stored: the zips' deflate streams",
          value: stored / 1e6,
          unit: 'MB',
          versus: '0 s of compression',
        },
      ];
      for (const [name, fn] of CODECS) {
        ctx.log(name);
        const t = process.hrtime.bigint();
        let size = 0;
        for (const c of contents) size += fn(c).length;
        const s = Number(process.hrtime.bigint() - t) / 1e9;
        out.push({
          metric: name,
          value: size / 1e6,
          unit: 'MB',
          versus: `${s.toFixed(1)} s of compression`,
          ratio: size / stored,
        });
      }
      return out;
    } finally {
      db.close();
    }
  },
};
