import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { h1FromDigests, sha256Hex } from '../../../electron/engine/gomod/h1';
import { hashZipFile } from '../../../electron/engine/gomod/zip-hash';
import { ZipReader } from '../../../electron/engine/gomod/zip-reader';
import { ScratchBuffer } from '../../../electron/engine/platform/scratch-buffer';
import { encodeContent } from '../../../electron/engine/store/blob-encoding';
import { BlobIndex } from '../../../electron/engine/store/blob-index';
import { BlobReader } from '../../../electron/engine/store/blob-reader';
import { FaultPoints, noFaults } from '../../../electron/engine/store/fault-points';
import type { Db } from '../../../electron/engine/store/migrations';
import { moduleZip } from '../../../electron/engine/store/module-zip-builder';
import {
  Codec,
  decodeRecordHeader,
  RECORD_HEADER_SIZE,
} from '../../../electron/engine/store/pack-format';
import { PackWriter } from '../../../electron/engine/store/pack-writer';
import { scratchIndex } from '../../helpers/scratch-index';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(targetBytes = 1 << 20, faults = noFaults) {
  const { dir, packs, db, remove } = await scratchIndex('modvault-packs-');
  cleanup.push(remove);
  const index = new BlobIndex(db);
  const sealed: number[] = [];
  const writer = new PackWriter({
    packsDir: packs,
    targetBytes,
    faults,
    onOpen: () => {},
    onSealed: (p) => {
      db.transaction(() => index.addPack(p, Date.now()))();
      sealed.push(p.seq);
    },
  });
  return { dir, packs, db, index, writer, sealed, reader: new BlobReader(index, packs) };
}

const text = (n: number, seed: string) =>
  Buffer.from(
    Array.from({ length: n }, (_, i) => `${seed} ${i} ${randomBytes(6).toString('base64')}\n`).join(
      '',
    ),
  );
const idOf = (db: Db, content: Buffer) =>
  db
    .prepare('SELECT id FROM blobs WHERE sha256 = ?')
    .pluck()
    .get(Buffer.from(sha256Hex(content), 'hex')) as number;

describe('packs', () => {
  it('stores blobs in packs of about the target size, readable back and self-describing', async () => {
    const t = await setup(64 * 1024);
    const contents = Array.from({ length: 20 }, (_, i) => text(800, `file ${i}`));
    for (const c of contents) {
      const enc = encodeContent(c);
      t.writer.append(enc.meta, enc.stored);
    }
    await t.writer.finish();
    expect(t.sealed.length).toBeGreaterThan(1);
    expect(readdirSync(t.packs).every((n) => n.endsWith('.pack'))).toBe(true);
    for (const c of contents) {
      const id = idOf(t.db, c);
      expect(t.reader.content(id).equals(c)).toBe(true);
      // Every record carries its own header: a pack can be checked without the index.
      const loc = t.reader.location(id);
      const raw = readFileSync(path.join(t.packs, loc.pack));
      const h = decodeRecordHeader(raw.subarray(loc.offset - RECORD_HEADER_SIZE, loc.offset));
      expect(h).toMatchObject({ size: c.length, codec: Codec.Deflate, storedSize: loc.storedSize });
      expect(h.sha256.toString('hex')).toBe(sha256Hex(c));
      const streamed: Buffer[] = [];
      for await (const chunk of t.reader.contentStream(id)) streamed.push(chunk as Buffer);
      expect(Buffer.concat(streamed).equals(c)).toBe(true);
    }
  });

  it('detects a damaged blob when it is read', async () => {
    const t = await setup();
    const c = text(2000, 'damage me');
    const enc = encodeContent(c);
    t.writer.append(enc.meta, enc.stored);
    await t.writer.finish();
    const loc = t.reader.location(idOf(t.db, c));
    const file = path.join(t.packs, loc.pack);
    const bytes = readFileSync(file);
    bytes[loc.offset + 10] = bytes[loc.offset + 10]! ^ 0xff;
    writeFileSync(file, bytes);
    expect(() => t.reader.content(loc.id)).toThrow(
      expect.objectContaining({ code: 'CORRUPT', path: file }),
    );
    await expect(async () => {
      for await (const chunk of t.reader.contentStream(loc.id)) void chunk;
    }).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('fails a full disk with NO_SPACE and leaves no committed pack behind', async () => {
    const t = await setup(1 << 20, new FaultPoints('enospc:1000'));
    for (let i = 0; i < 3; i++) {
      const enc = encodeContent(text(100, `full ${i}`));
      t.writer.append(enc.meta, enc.stored);
    }
    // Small records are buffered: the write that fills the disk happens on sealing.
    await expect(t.writer.finish()).rejects.toMatchObject({
      code: 'NO_SPACE',
      message: expect.stringMatching(/disk is full/),
    });
    const more = encodeContent(text(10, 'after'));
    expect(() => t.writer.append(more.meta, more.stored)).toThrow(
      expect.objectContaining({ code: 'NO_SPACE' }),
    );
    await t.writer.abort();
    expect(t.sealed).toEqual([]);
    expect(readdirSync(t.packs)).toEqual([]);
    expect(t.db.prepare('SELECT count(*) FROM packs').pluck().get()).toBe(0);
  });

  it('rebuilds a module zip whose h1 equals the original one', async () => {
    const t = await setup();
    const prefix = 'example.com/m@v1.0.0/';
    const files = [
      { name: 'go.mod', content: Buffer.from('module example.com/m\n') },
      { name: 'a/b.go', content: text(300, 'package b') },
      { name: 'empty.txt', content: Buffer.alloc(0) },
      {
        name: 'bin.dat',
        content: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)),
      },
    ];
    for (const f of files) {
      const enc = encodeContent(f.content);
      t.writer.append(enc.meta, enc.stored);
    }
    await t.writer.finish();
    const zipFile = path.join(t.dir, 'rebuilt.zip');
    const entries = files.map((f) => {
      const id = idOf(t.db, f.content);
      const loc = t.reader.location(id);
      return { name: f.name, blobId: id, mode: 0o644, size: loc.size, crc32: loc.crc32 };
    });
    await pipeline(moduleZip(prefix, entries, t.reader), createWriteStream(zipFile));
    const expected = h1FromDigests(
      files.map((f) => ({ name: prefix + f.name, sha256: sha256Hex(f.content) })),
    );
    const hashed = await hashZipFile(
      zipFile,
      { scratch: new ScratchBuffer(), onGarbage: () => {} },
      { path: 'example.com/m', version: 'v1.0.0' },
    );
    expect(hashed.h1).toBe(expected);
    expect(hashed.problems).toEqual([]);
    const zip = ZipReader.openSync(zipFile);
    expect(zip.entries.map((e) => e.name)).toEqual(files.map((f) => prefix + f.name));
    expect(zip.entries[1]!.unixMode! & 0o777).toBe(0o644);
    zip.close();
  });
});
