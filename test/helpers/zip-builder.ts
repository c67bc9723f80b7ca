import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

// Writes zip files byte by byte, with every field a test may want to falsify: hostile zips
// cannot be made with a well-behaved archiver.

export interface EntrySpec {
  /** A string is written as UTF-8; a Buffer as is (for names that are not valid UTF-8). */
  name: string | Buffer;
  data?: string | Buffer;
  /** 0 stores, 8 deflates; any other number stores the bytes under that method id. */
  method?: number;
  flags?: number;
  /** Lies written to the central directory (and local header) instead of the true values. */
  size?: number;
  compressedSize?: number;
  crc32?: number;
  localHeaderOffset?: number;
  /** Saturate size, compressed size and offset and put them in a zip64 extra field. */
  zip64?: boolean;
  /** Unix mode (type bits included) in the external attributes; default a 0644 file. */
  unixMode?: number;
}

export interface ZipSpec {
  entries: EntrySpec[];
  comment?: string | Buffer;
  /** Lies in the end-of-central-directory record. */
  count?: number;
  cdOffset?: number;
  cdSize?: number;
  /** Write a zip64 end record and locator, and saturate the classic end record. */
  zip64End?: boolean;
  /**
   * Bytes prepended to the archive as `cat stub archive.zip` does for a self-extractor: the
   * offsets inside stay relative to the archive proper.
   */
  prefix?: Buffer;
}

export interface BuiltZip {
  bytes: Buffer;
  /** Where the central directory starts and the end record starts. */
  cdOffset: number;
  eocdOffset: number;
  /** Offset of each entry's local header and data. */
  local: { header: number; data: number }[];
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

export function buildZip(spec: ZipSpec): BuiltZip {
  const parts: Buffer[] = [];
  let pos = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    pos += b.length;
  };
  if (spec.prefix) push(spec.prefix);
  const base = spec.prefix?.length ?? 0;

  const central: Buffer[] = [];
  const local: BuiltZip['local'] = [];
  for (const e of spec.entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    const method = e.method ?? 8;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const crc = e.crc32 ?? crc32(data);
    const size = e.size ?? data.length;
    const csize = e.compressedSize ?? stored.length;
    const flags = e.flags ?? (typeof e.name === 'string' && /[^ -~]/.test(e.name) ? 0x800 : 0);
    const headerAt = pos;
    const offset = e.localHeaderOffset ?? headerAt - base;
    const extra = e.zip64
      ? Buffer.concat([u16(1), u16(24), u64(size), u64(csize), u64(offset)])
      : Buffer.alloc(0);
    const sat = (n: number) => (e.zip64 ? 0xffffffff : n);
    push(
      Buffer.concat([
        u32(0x04034b50),
        u16(e.zip64 ? 45 : 20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(sat(csize)),
        u32(sat(size)),
        u16(name.length),
        u16(extra.length),
        name,
        extra,
      ]),
    );
    local.push({ header: headerAt, data: pos });
    push(stored);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16((3 << 8) | 45),
        u16(e.zip64 ? 45 : 20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(sat(csize)),
        u32(sat(size)),
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(0),
        u16(0),
        u32(((e.unixMode ?? 0o100644) << 16) >>> 0),
        u32(sat(offset)),
        name,
        extra,
      ]),
    );
  }
  const cdOffset = pos;
  for (const c of central) push(c);
  const cdSize = pos - cdOffset;
  const count = spec.count ?? spec.entries.length;
  if (spec.zip64End) {
    const recordAt = pos;
    push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16(45),
        u16(45),
        u32(0),
        u32(0),
        u64(count),
        u64(count),
        u64(spec.cdSize ?? cdSize),
        u64(spec.cdOffset ?? cdOffset - base),
      ]),
    );
    push(Buffer.concat([u32(0x07064b50), u32(0), u64(recordAt - base), u32(1)]));
  }
  const comment =
    typeof spec.comment === 'string'
      ? Buffer.from(spec.comment)
      : (spec.comment ?? Buffer.alloc(0));
  const eocdOffset = pos;
  push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(spec.zip64End ? 0xffff : count),
      u16(spec.zip64End ? 0xffff : count),
      u32(spec.zip64End ? 0xffffffff : (spec.cdSize ?? cdSize)),
      u32(spec.zip64End ? 0xffffffff : (spec.cdOffset ?? cdOffset - base)),
      u16(comment.length),
      comment,
    ]),
  );
  return { bytes: Buffer.concat(parts), cdOffset, eocdOffset, local };
}

/** Writes a zip built from `spec` (or raw bytes) into `dir` and returns its path. */
export function writeZip(dir: string, name: string, zip: ZipSpec | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.isBuffer(zip) ? zip : buildZip(zip).bytes);
  return file;
}
