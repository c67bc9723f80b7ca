import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BASE_REF_SIZE,
  decodeStored,
  decodingStream,
  encodeDelta,
  zipEntryEncoding,
} from '../../../electron/engine/store/blob-encoding';
import { Codec } from '../../../electron/engine/store/pack-format';

const sha = (b: Buffer) => createHash('sha256').update(b).digest();
const text = (n: number, salt = '') =>
  Buffer.from(
    Array.from({ length: n }, (_, i) => `line ${i} ${(i * 7919) % 1009} ${salt}`).join('\n'),
  );

describe('delta blobs: one encoder, one decoder', () => {
  const base = text(600);
  const content = Buffer.concat([base, Buffer.from('\n// revision v1.1.0\n')]);
  const plain = deflateRawSync(content, { level: 6 });

  it('round-trips a changed file through its base, and is far smaller than the plain stream', () => {
    const delta = encodeDelta(content, base, sha(base), plain.length)!;
    expect(delta).not.toBeNull();
    expect(delta.subarray(0, BASE_REF_SIZE).equals(sha(base))).toBe(true);
    expect(delta.length).toBeLessThan(plain.length / 10);
    const out = decodeStored({ codec: Codec.DeflateDict, size: content.length }, delta, {
      sha256: sha(base),
      content: base,
    });
    expect(out.equals(content)).toBe(true);
  });

  it('uses only the end of a base longer than the deflate window, and still decodes exactly', () => {
    const long = text(8000);
    const changed = Buffer.concat([long.subarray(0, 4000), Buffer.from('x'), long.subarray(4000)]);
    const d = encodeDelta(changed, long, sha(long), Number.MAX_SAFE_INTEGER)!;
    const out = decodeStored({ codec: Codec.DeflateDict, size: changed.length }, d, {
      sha256: sha(long),
      content: long,
    });
    expect(out.equals(changed)).toBe(true);
  });

  it('keeps no delta that does not pay, nor one of a file too large for memory', () => {
    const other = text(600, 'unrelated');
    expect(encodeDelta(other, text(50, 'z'), sha(base), deflateRawSync(other).length)).toBeNull();
    expect(encodeDelta(Buffer.alloc(2 * 1024 * 1024), base, sha(base), 1e9)).toBeNull();
  });

  it('refuses to decode without its base, against another base, or past the recorded size', () => {
    const delta = encodeDelta(content, base, sha(base), plain.length)!;
    const meta = { codec: Codec.DeflateDict, size: content.length };
    expect(() => decodeStored(meta, delta, null)).toThrow(/base/);
    const other = text(600, 'other');
    expect(() => decodeStored(meta, delta, { sha256: sha(other), content: other })).toThrow(
      /another base/,
    );
    expect(() =>
      decodeStored({ ...meta, size: 10 }, delta, { sha256: sha(base), content: base }),
    ).toThrow();
    // The wrong dictionary under the right name gives other bytes: never silently accepted
    // by callers, which hash what they decode; here it cannot even match the content.
    let decoded: Buffer | null;
    try {
      decoded = decodeStored(meta, delta, { sha256: sha(base), content: other });
    } catch {
      decoded = null;
    }
    expect(decoded?.equals(content) ?? false).toBe(false);
  });

  it('goes into a zip as a stored entry of its content, and is never streamed', () => {
    expect(
      zipEntryEncoding({ codec: Codec.DeflateDict, size: content.length, storedSize: 90 }),
    ).toEqual({ method: 0, storedSize: content.length });
    expect(zipEntryEncoding({ codec: Codec.Deflate, size: 100, storedSize: 40 })).toEqual({
      method: 8,
      storedSize: 40,
    });
    expect(() => decodingStream(Codec.DeflateDict)).toThrow(RangeError);
    expect(decodingStream(Codec.Raw)).toBeNull();
  });
});
