import type { RemoteCatalog } from './remote-catalog';
import { versionId } from './remote-catalog';
import type { SnapshotDoc } from './repo-format';
import { BlobTable, blobAt } from './repo-format';

/** What a snapshot reference needs from the remote: versions by id and blobs by hash. */
export interface SnapshotNeeds {
  versions: string[];
  blobs: Set<string>;
  /** Versions and blobs the remote's index does not hold. */
  missing: string[];
}

export function snapshotNeeds(doc: SnapshotDoc, cat: RemoteCatalog): SnapshotNeeds {
  const key = `snapshot ${doc.snapshot.id}`;
  const table = BlobTable.decode(doc.blobs, key);
  const out: SnapshotNeeds = { versions: [], blobs: new Set(), missing: [] };
  const blob = (sha: string) => {
    out.blobs.add(sha);
    if (!cat.blobs.has(sha)) out.missing.push(`blob ${sha.slice(0, 16)}…`);
  };
  for (const [path, version, h1, mod, info] of doc.versions) {
    const id = versionId({ path, version, h1 });
    out.versions.push(id);
    const v = cat.versions.get(id);
    if (!v) out.missing.push(`${path}@${version}`);
    else for (const f of v.files) blob(f.sha256);
    if (mod >= 0) blob(blobAt(table, mod, key));
    if (info >= 0) blob(blobAt(table, info, key));
  }
  for (const [, , ref] of doc.files) blob(blobAt(table, ref, key));
  return out;
}
