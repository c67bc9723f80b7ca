import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

// Writes tar.gz files header by header, with every field a test may want to falsify: a
// well-behaved archiver refuses to write "../x", absolute names, or a size that lies.

export interface TarEntrySpec {
  name: string;
  /** '0' file (default), '1' hard link, '2' symlink, '3'/'4' devices, '5' folder, '6' FIFO. */
  type?: '0' | '1' | '2' | '3' | '4' | '5' | '6';
  data?: string | Buffer;
  linkname?: string;
  /** A size written to the header instead of the data's. */
  size?: number;
  /** PAX records written in an extended header ('x') just before the entry. */
  pax?: Record<string, string>;
  mode?: number;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, type: string, size: number, linkname = '', mode = 0o644): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname.slice(0, 100), 157, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);

function paxRecords(records: Record<string, string>): Buffer {
  let out = '';
  for (const [k, v] of Object.entries(records)) {
    const body = ` ${k}=${v}\n`;
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    out += `${len}${body}`;
  }
  return Buffer.from(out);
}

/** The uncompressed tar stream of `entries` (with its two end blocks). */
export function tarBytes(entries: TarEntrySpec[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.pax) {
      const rec = paxRecords(e.pax);
      parts.push(header('PaxHeader', 'x', rec.length), rec, pad(rec.length));
    }
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    parts.push(header(e.name, e.type ?? '0', e.size ?? data.length, e.linkname, e.mode));
    parts.push(data, pad(data.length));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tarGz(entries: TarEntrySpec[]): Buffer {
  return gzipSync(tarBytes(entries));
}

/**
 * A gzip'd tar whose last entry, `name`, declares `size` bytes of zeros and holds them: a few
 * megabytes on disk that unpack to gigabytes. Made of one deflated MiB of zeros repeated (a
 * raw deflate stream ended with a sync flush can be concatenated with itself), so building a
 * 3 GiB bomb takes milliseconds. The gzip trailer's CRC is not computed: an extractor that
 * reaches the end has already failed the test.
 */
export function zeroBombTarGz(before: TarEntrySpec[], name: string, size: number): Buffer {
  const MIB = 1 << 20;
  const head = Buffer.concat([tarBytes(before, false), header(name, '0', size)]);
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const parts = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), deflateRawSync(head, sync)];
  const chunk = deflateRawSync(Buffer.alloc(MIB), sync);
  for (let done = 0; done < size; done += MIB) parts.push(chunk);
  parts.push(deflateRawSync(Buffer.alloc(1024))); // the end blocks, and a final deflate block
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(Buffer.alloc(0)), 0);
  trailer.writeUInt32LE((size + head.length + 1024) >>> 0, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}
