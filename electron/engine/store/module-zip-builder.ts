import { Readable } from 'node:stream';
import type { BlobReader } from './blob-reader';
import { IN_MEMORY_BLOB_LIMIT } from './blob-reader';
import { zipEntryEncoding } from './blob-encoding';
import { Codec } from './pack-format';
import type { VersionFile } from './snapshot-catalog';
import type { ZipEntrySpec } from './zip-layout';
import { ZipLayout } from './zip-layout';

/** How a stored file goes into a zip: its blob's stored bytes (a delta's content) become the entry's data. */
export function zipEntrySpec(f: VersionFile, blobs: BlobReader): ZipEntrySpec {
  const loc = blobs.location(f.blobId);
  return {
    name: f.name,
    ...zipEntryEncoding(loc),
    crc32: loc.crc32,
    size: loc.size,
    mode: f.mode,
  };
}

/** Exact size in bytes of the zip moduleZip() produces for these files. */
export function moduleZipSize(prefix: string, files: VersionFile[], blobs: BlobReader): number {
  return ZipLayout.size(
    prefix,
    files.map((f) => zipEntrySpec(f, blobs)),
  );
}

/**
 * Rebuilds a module zip from the store: entries named "<path>@<version>/<file>" in the original
 * order, each blob's stored deflate stream copied as the entry's data (no recompression). The
 * result has the same h1 as the original (h1 covers names and contents only).
 */
export function moduleZip(prefix: string, files: VersionFile[], blobs: BlobReader): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const layout = new ZipLayout(prefix);
    for (const f of files) {
      const spec = zipEntrySpec(f, blobs);
      yield layout.local(spec);
      if (blobs.location(f.blobId).codec === Codec.DeflateDict) yield blobs.content(f.blobId);
      else if (spec.storedSize <= IN_MEMORY_BLOB_LIMIT) yield blobs.stored(f.blobId).bytes;
      else for await (const chunk of blobs.storedStream(f.blobId)) yield chunk as Buffer;
    }
    yield layout.finish();
  }
  return Readable.from(generate(), { objectMode: false });
}
