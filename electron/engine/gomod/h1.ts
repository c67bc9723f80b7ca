import { createHash } from 'node:crypto';

// The "h1:" hash of dirhash.Hash1: sort the file names bytewise, hash the lines
// "<hex sha256>  <name>\n", base64 the sha256 of that summary.

export interface FileDigest {
  /** Full name as Go hashes it: "<path>@<version>/<file>", "/" separators. */
  name: string;
  /** Hex SHA-256 of the file's content. */
  sha256: string;
}

const isAscii = (s: string) => Buffer.byteLength(s, 'utf8') === s.length;

function compareUtf8(a: string, b: string): number {
  // Go's sort.Strings compares UTF-8 bytes; JS compares UTF-16 units, which differ above U+FFFF.
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class H1Error extends Error {}

export function h1FromDigests(files: readonly FileDigest[]): string {
  const sorted = [...files].sort((x, y) => compareUtf8(x.name, y.name));
  const summary = createHash('sha256');
  for (const f of sorted) {
    if (f.name.includes('\n'))
      throw new H1Error('dirhash: filenames with newlines are not supported');
    summary.update(`${f.sha256}  ${f.name}\n`);
  }
  return 'h1:' + summary.digest('base64');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The go.sum "/go.mod" hash: a one-file tree named go.mod. */
export function h1ForGoMod(content: Buffer | string): string {
  return h1FromDigests([{ name: 'go.mod', sha256: sha256Hex(content) }]);
}

/** A .ziphash holds exactly "h1:" + 44 base64 characters, no newline. */
export function isWellFormedH1(text: string): boolean {
  return /^h1:[A-Za-z0-9+/]{43}=$/.test(text);
}
