import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashZipFile } from '../../../electron/engine/gomod/zip-hash';
import { ZipFormatError } from '../../../electron/engine/gomod/zip-index';
import {
  INFLATE_IN_MEMORY_LIMIT,
  readZipIndexSync,
  ZipReader,
} from '../../../electron/engine/gomod/zip-reader';
import { ScratchBuffer } from '../../../electron/engine/platform/scratch-buffer';
import { removeTreeSync } from '../../helpers/temp';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';
import type { EntrySpec, ZipSpec } from '../../helpers/zip-builder';
import { buildZip, writeZip } from '../../helpers/zip-builder';

const P = 'example.com/m@v1.0.0/';
const GOOD: EntrySpec[] = [
  { name: `${P}go.mod`, data: 'module example.com/m\n', method: 0 },
  { name: `${P}m.go`, data: 'package m\n\nconst X = 1\n'.repeat(50) },
  { name: `${P}sub/empty.txt`, data: '' },
  { name: `${P}sub/big.bin`, data: Buffer.alloc(200_000, 7) },
];

const env = () => ({ scratch: new ScratchBuffer(64), onGarbage: () => {} });
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let dir: string;
let oracle: string;
let n = 0;
const file = (zip: ZipSpec | Buffer) => writeZip(dir, `z${n++}.zip`, zip);
const goHash = (f: string) => askGo(oracle, [{ op: 'hashZip', args: [f] }])[0]!;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'modvault-zip-'));
  oracle = xmodOracleBinary();
});
afterAll(() => removeTreeSync(dir));

/** Everything ModVault does with a zip, in order: any failure must be a ZipFormatError. */
async function readEverything(f: string, wholeFileLimit?: number): Promise<Buffer[]> {
  readZipIndexSync(f, true);
  readZipIndexSync(f);
  const reader = ZipReader.openSync(f, wholeFileLimit);
  try {
    const out: Buffer[] = [];
    for (const e of reader.entries) {
      const chunks: Buffer[] = [];
      for await (const c of reader.contentStream(e)) chunks.push(c as Buffer);
      const streamed = Buffer.concat(chunks);
      // Large entries are only ever streamed (readContent refuses them by contract).
      if (e.size <= INFLATE_IN_MEMORY_LIMIT)
        expect(reader.readContent(e).equals(streamed)).toBe(true);
      out.push(streamed);
    }
    await hashZipFile(f, env());
    return out;
  } finally {
    reader.close();
  }
}

async function expectRefused(f: string, message?: RegExp): Promise<void> {
  for (const limit of [undefined, 0]) {
    const err = await readEverything(f, limit).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, `${path.basename(f)} (whole-file limit ${limit})`).toBeInstanceOf(ZipFormatError);
    if (message) expect((err as Error).message).toMatch(message);
  }
}

describe('well-formed zips', () => {
  it.each([
    ['read whole', undefined],
    ['read through the file descriptor', 0],
  ])('reads stored, deflated and empty entries (%s)', async (_label, limit) => {
    const f = file({ entries: GOOD });
    const contents = await readEverything(f, limit);
    expect(contents.map((c) => sha(c))).toEqual(
      GOOD.map((e) => sha(typeof e.data === 'string' ? Buffer.from(e.data) : e.data!)),
    );
    const reader = ZipReader.openSync(f, limit);
    expect(reader.entries.map((e) => [e.name, e.method, e.size])).toEqual([
      [`${P}go.mod`, 0, 21],
      [`${P}m.go`, 8, 1150],
      [`${P}sub/empty.txt`, 8, 0],
      [`${P}sub/big.bin`, 8, 200_000],
    ]);
    expect(reader.readRaw(reader.entries[0]!).toString()).toBe('module example.com/m\n');
    reader.close();
  });

  it('summarizes from the central directory alone, directory entries excluded', async () => {
    const f = file({ entries: [...GOOD, { name: `${P}sub/`, data: '' }] });
    const summary = readZipIndexSync(f, true);
    expect(summary.entries).toEqual([]);
    expect(summary.fileCount).toBe(4);
    expect(summary.contentBytes).toBe(21 + 1150 + 0 + 200_000);
    expect(readZipIndexSync(f).entries).toHaveLength(5);
  });

  it('hashes exactly as dirhash.HashZip does, directory entries included', async () => {
    const f = file({ entries: GOOD });
    expect((await hashZipFile(f, env())).h1).toBe(goHash(f).value);
    const withDirs = file({
      entries: [{ name: P, data: '' }, { name: `${P}sub/`, data: '' }, ...GOOD],
    });
    const h1 = (await hashZipFile(withDirs, env())).h1;
    expect(h1).toBe(goHash(withDirs).value);
    expect(h1).not.toBe(goHash(f).value);
  });

  it.each([
    ['a short archive comment', 'made by hand'],
    ['the longest archive comment', 'c'.repeat(0xffff)],
    ['a comment that itself looks like an end record', Buffer.from('PK\x05\x06 not really')],
  ])('finds the end record behind %s', async (_label, comment) => {
    const f = file({ entries: GOOD, comment });
    await readEverything(f);
    expect((await hashZipFile(f, env())).h1).toBe(goHash(f).value);
  });

  it('streams entries too large to inflate in memory, hashing them as Go does', async () => {
    const big = Buffer.alloc(INFLATE_IN_MEMORY_LIMIT + 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    const f = file({ entries: [GOOD[0]!, { name: `${P}big.bin`, data: big }] });
    const res = await hashZipFile(f, env());
    expect(res.bytes).toBe(21 + big.length);
    expect(res.files.find((x) => x.name.endsWith('big.bin'))!.sha256).toBe(sha(big));
    expect(res.h1).toBe(goHash(f).value);
  });

  it('reads zip64 end records and zip64 extra fields', async () => {
    const f = file({ entries: GOOD.map((e) => ({ ...e, zip64: true })), zip64End: true });
    const reader = ZipReader.openSync(f);
    expect(reader.entries.map((e) => e.size)).toEqual([21, 1150, 0, 200_000]);
    reader.close();
    await readEverything(f);
    expect((await hashZipFile(f, env())).h1).toBe(goHash(f).value);
  });

  it('reads an archive with bytes prepended (a self-extractor), as Go does', async () => {
    const f = file({ entries: GOOD, prefix: Buffer.from('#!/bin/sh\nexit 0\n') });
    await readEverything(f);
    expect((await hashZipFile(f, env())).h1).toBe(goHash(f).value);
  });

  it('hashes duplicate names as Go does (the last entry wins)', async () => {
    const f = file({
      entries: [
        { name: `${P}a.go`, data: 'first' },
        { name: `${P}a.go`, data: 'second' },
      ],
    });
    expect((await hashZipFile(f, env())).h1).toBe(goHash(f).value);
  });

  it('keeps the bytes of names that are not UTF-8 apart', () => {
    const f = file({
      entries: [
        { name: Buffer.concat([Buffer.from(P), Buffer.from([0xff, 0x41])]), data: 'x' },
        { name: `${P}ok.go`, data: 'y' },
      ],
    });
    const reader = ZipReader.openSync(f);
    expect(reader.entries.map((e) => e.nameIsUtf8)).toEqual([false, true]);
    reader.close();
  });
});

describe('hostile and damaged zips are refused with a ZipFormatError', () => {
  const good = () => buildZip({ entries: GOOD });

  it('an empty file, a short file, and bytes without an end record', async () => {
    await expectRefused(file(Buffer.alloc(0)), /not a valid zip/);
    await expectRefused(file(Buffer.from('PK\x05\x06')), /not a valid zip/);
    await expectRefused(file(Buffer.alloc(70_000, 0x50)), /not a valid zip/);
  });

  it('every truncation of a zip (as a killed download leaves it), like Go', async () => {
    const { bytes } = good();
    const step = Math.max(1, Math.floor(bytes.length / 300));
    const files: string[] = [];
    for (let len = 0; len < bytes.length; len += step) {
      const f = file(bytes.subarray(0, len));
      files.push(f);
      await expectRefused(f);
    }
    const answers = askGo(
      oracle,
      files.map((f) => ({ op: 'hashZip' as const, args: [f] })),
    );
    expect(answers.filter((a) => a.err === '')).toEqual([]);
  });

  it('a zip whose middle is missing (central directory outside the file)', async () => {
    const { bytes, eocdOffset } = good();
    const f = file(Buffer.concat([bytes.subarray(0, 100), bytes.subarray(eocdOffset)]));
    await expectRefused(f, /outside the file/);
    expect(goHash(f).err).not.toBe('');
  });

  it('a central directory offset beyond the end of the file', async () => {
    await expectRefused(file({ entries: GOOD, cdOffset: 10_000_000 }), /outside the file/);
  });

  it('a comment length that runs past the end of the file', async () => {
    const { bytes } = good();
    const lying = Buffer.from(bytes);
    lying.writeUInt16LE(500, lying.length - 2);
    const f = file(lying);
    await expectRefused(f, /not a valid zip/);
    expect(goHash(f).err).not.toBe('');
  });

  it.each([
    ['more', GOOD.length + 1],
    ['fewer', GOOD.length - 1],
    ['absurdly more', 0xfffe],
  ])('an end record that declares %s entries than the directory holds', async (_l, count) => {
    const f = file({ entries: GOOD, count });
    await expectRefused(f);
    expect(goHash(f).err).not.toBe('');
  });

  it('entry data that overlaps the central directory', async () => {
    // Go inflates up to the deflate end marker and never notices the lie; no zip Go writes
    // looks like this, so ModVault refuses it.
    const f = file({
      entries: [GOOD[0]!, { ...GOOD[1]!, compressedSize: 100_000 }],
    });
    await expectRefused(f, /outside the file|overlaps/);
  });

  it('a local header offset that points into the central directory', async () => {
    const { cdOffset } = good();
    const f = file({ entries: [GOOD[0]!, { ...GOOD[1]!, localHeaderOffset: cdOffset - 10 }] });
    await expectRefused(f);
  });

  it('a local header offset that points at something else than a local header', async () => {
    const f = file({ entries: [{ ...GOOD[0]!, localHeaderOffset: 1 }] });
    await expectRefused(f, /bad local header/);
    expect(goHash(f).err).not.toBe('');
  });

  it.each([
    ['smaller than the data (stored)', { ...GOOD[0]!, size: 10 }],
    ['larger than the data (stored)', { ...GOOD[0]!, size: 30 }],
    ['smaller than the data (deflated)', { ...GOOD[1]!, size: 1000 }],
    ['larger than the data (deflated)', { ...GOOD[1]!, size: 2000 }],
    ['of a deflate bomb, far beyond what inflates', { ...GOOD[3]!, size: 20 }],
  ])('a declared size %s', async (_label, entry: EntrySpec) => {
    const f = file({ entries: [entry] });
    await expectRefused(f, /size|more data/);
    expect(goHash(f).err).not.toBe('');
  });

  it('a declared size of 4 GiB is streamed, not allocated, and refused', async () => {
    const f = file({ entries: [{ ...GOOD[3]!, size: 0xfffffff0 }] });
    await expectRefused(f, /size/);
  });

  it.each([
    ['stored', GOOD[0]!],
    ['deflated', GOOD[1]!],
    ['large deflated (streamed)', { ...GOOD[3]!, data: Buffer.alloc(17 * 1024 * 1024, 1) }],
  ])('a CRC-32 that does not match the content (%s)', async (_label, entry: EntrySpec) => {
    const f = file({ entries: [{ ...entry, crc32: 0x12345678 }] });
    await expectRefused(f, /checksum/);
    expect(goHash(f).err).toMatch(/checksum/);
  });

  it('corrupt deflate data', async () => {
    const { bytes, local } = good();
    const broken = Buffer.from(bytes);
    broken.fill(0xff, local[1]!.data, local[1]!.data + 20);
    const f = file(broken);
    await expectRefused(f);
    expect(goHash(f).err).not.toBe('');
  });

  it('an unsupported compression method', async () => {
    const f = file({ entries: [{ ...GOOD[0]!, method: 12 }] });
    await expectRefused(f, /unsupported compression method 12/);
    expect(goHash(f).err).toMatch(/algorithm/);
  });

  it('the encrypted flag', async () => {
    // Go's archive/zip would read such an entry as plain data; nothing Go writes is encrypted.
    await expectRefused(file({ entries: [{ ...GOOD[0]!, flags: 1 }] }), /encrypted/);
  });

  it('a zip64 end record that is missing or misplaced', async () => {
    const { bytes } = buildZip({ entries: GOOD, zip64End: true });
    // Drop the zip64 record and locator, keep the saturated classic end record.
    const withoutLocator = Buffer.concat([
      bytes.subarray(0, bytes.length - 22 - 20 - 56),
      bytes.subarray(bytes.length - 22),
    ]);
    await expectRefused(file(withoutLocator), /zip64/);
    const badLocator = Buffer.from(bytes);
    badLocator.writeBigUInt64LE(5n, bytes.length - 22 - 20 + 8);
    await expectRefused(file(badLocator), /zip64/);
    const hugeLocator = Buffer.from(bytes);
    hugeLocator.writeBigUInt64LE(2n ** 62n, bytes.length - 22 - 20 + 8);
    await expectRefused(file(hugeLocator), /zip64|range/);
  });

  it('a zip64 size beyond 2^53', async () => {
    const { bytes } = buildZip({ entries: [{ ...GOOD[0]!, zip64: true }] });
    // The central directory's zip64 extra holds size, compressed size, offset.
    const cdExtra = bytes.indexOf(Buffer.from([1, 0, 24, 0]), bytes.indexOf('PK\x01\x02'));
    const huge = Buffer.from(bytes);
    huge.writeBigUInt64LE(2n ** 60n, cdExtra + 4);
    await expectRefused(file(huge), /out of range/);
  });

  it('a multi-disk archive', async () => {
    const { bytes } = good();
    const multi = Buffer.from(bytes);
    multi.writeUInt16LE(1, bytes.length - 22 + 4);
    await expectRefused(file(multi), /multi-disk/);
  });
});

describe('random damage never escapes as anything but a ZipFormatError', () => {
  it('survives 300 zips with random bytes overwritten', async () => {
    const { bytes } = good2();
    let state = 42;
    const rand = (k: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % k;
    };
    for (let i = 0; i < 300; i++) {
      const damaged = Buffer.from(bytes);
      for (let j = 0; j < 1 + rand(4); j++) damaged[rand(damaged.length)] = rand(256);
      const f = file(damaged);
      await readEverything(f).catch((e: unknown) => {
        expect(e, `zip ${i}`).toBeInstanceOf(ZipFormatError);
      });
    }
  });

  function good2() {
    return buildZip({ entries: GOOD.slice(0, 3) });
  }
});
