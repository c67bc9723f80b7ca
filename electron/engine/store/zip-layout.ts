import { EngineError } from '../errors';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const UTF8_FLAG = 0x0800;
/** 1980-01-01 00:00, the zip epoch: rebuilt zips do not depend on when they were built. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;

/** One entry as it goes into a rebuilt zip: its stored bytes are copied as they are. */
export interface ZipEntrySpec {
  /** Relative to "<path>@<version>/". */
  name: string;
  /** 8 (deflate) or 0 (stored). */
  method: number;
  crc32: number;
  storedSize: number;
  size: number;
  mode: number | null;
}

interface Placed {
  name: Buffer;
  spec: ZipEntrySpec;
  offset: number;
}

/**
 * The headers of a module zip rebuilt from stored entries, in order: a local header before each
 * entry's data, then the central directory and the end record. Used by the streaming builder
 * (serve, export) and by restore's writer, so both produce the very same bytes.
 */
export class ZipLayout {
  private readonly placed: Placed[] = [];
  private offset = 0;

  constructor(private readonly prefix: string) {}

  /** Exact size of the zip these entries make, for Content-Length and space checks. */
  static size(
    prefix: string,
    entries: readonly Pick<ZipEntrySpec, 'name' | 'storedSize'>[],
  ): number {
    const prefixBytes = Buffer.byteLength(prefix);
    let n = END_SIZE;
    for (const e of entries) {
      const name = prefixBytes + Buffer.byteLength(e.name);
      n += LOCAL_SIZE + CENTRAL_SIZE + 2 * name + e.storedSize;
    }
    return n;
  }

  /** The local header for the next entry; its stored bytes must follow it. */
  local(spec: ZipEntrySpec): Buffer {
    const name = Buffer.from(this.prefix + spec.name, 'utf8');
    if (this.offset > MAX_32 || spec.storedSize > MAX_32 || spec.size > MAX_32)
      throw new EngineError(
        'UNSUPPORTED',
        `${this.prefix}: the module is too large for a zip without zip64.`,
      );
    const h = Buffer.alloc(LOCAL_SIZE + name.length);
    h.writeUInt32LE(LOCAL_SIG, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(UTF8_FLAG, 6);
    h.writeUInt16LE(spec.method, 8);
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt32LE(spec.crc32 >>> 0, 14);
    h.writeUInt32LE(spec.storedSize, 18);
    h.writeUInt32LE(spec.size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    name.copy(h, LOCAL_SIZE);
    this.placed.push({ name, spec, offset: this.offset });
    this.offset += h.length + spec.storedSize;
    return h;
  }

  /** The central directory and the end record, after the last entry. */
  finish(): Buffer {
    if (this.placed.length > MAX_16 || this.offset > MAX_32)
      throw new EngineError(
        'UNSUPPORTED',
        `${this.prefix}: too many files for a zip without zip64.`,
      );
    const parts: Buffer[] = [];
    let cdSize = 0;
    for (const { name, spec, offset } of this.placed) {
      const h = Buffer.alloc(CENTRAL_SIZE + name.length);
      h.writeUInt32LE(CENTRAL_SIG, 0);
      // Made by Unix (3) when a mode is known, so the mode survives in the external attributes.
      h.writeUInt16LE(spec.mode === null ? 20 : (3 << 8) | 20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(UTF8_FLAG, 8);
      h.writeUInt16LE(spec.method, 10);
      h.writeUInt16LE(0, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(spec.crc32 >>> 0, 16);
      h.writeUInt32LE(spec.storedSize, 20);
      h.writeUInt32LE(spec.size, 24);
      h.writeUInt16LE(name.length, 28);
      h.writeUInt32LE(spec.mode === null ? 0 : ((spec.mode & 0xffff) << 16) >>> 0, 38);
      h.writeUInt32LE(offset, 42);
      name.copy(h, CENTRAL_SIZE);
      cdSize += h.length;
      parts.push(h);
    }
    const end = Buffer.alloc(END_SIZE);
    end.writeUInt32LE(END_SIG, 0);
    end.writeUInt16LE(this.placed.length, 8);
    end.writeUInt16LE(this.placed.length, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(this.offset, 16);
    parts.push(end);
    return Buffer.concat(parts);
  }
}
