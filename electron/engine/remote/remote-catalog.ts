import { mapLimit } from '../platform/concurrency';
import type { RemoteRepo } from './remote-repo';
import { INDEXES, PACKS, SNAPSHOTS } from './remote-repo';
import type { IndexDoc, SnapshotDoc, VersionEntry } from './repo-format';
import { BlobTable, blobAt, checkDoc } from './repo-format';

/** Where a blob lies on the remote: which pack (by its plaintext hash), where, how encoded. */
export interface RemoteBlob {
  sha256: string;
  pack: string;
  offset: number;
  storedSize: number;
  size: number;
  crc32: number;
  codec: number;
}

/** A version as the remote knows it, blobs by hash. */
export interface RemoteVersion extends Omit<VersionEntry, 'files'> {
  files: { name: string; mode: number | null; sha256: string }[];
}

export const versionId = (v: { path: string; version: string; h1: string }) =>
  `${v.path}@${v.version} ${v.h1}`;

/**
 * What a remote holds, read from its index documents and listings: blob locations, versions,
 * packs and snapshot ids. A blob stored twice (two machines pushed it at once) is found in
 * whichever of its packs is listed.
 */
export class RemoteCatalog {
  readonly blobs = new Map<string, RemoteBlob>();
  readonly raws = new Map<string, string[]>();
  readonly versions = new Map<string, RemoteVersion>();
  /** Packs the index documents describe, by plaintext hash: their size. */
  readonly packs = new Map<string, number>();
  /** Objects under packs/ (index-described or not), by key: their size. */
  readonly packObjects = new Map<string, number>();
  readonly indexKeys: string[] = [];
  readonly snapshotIds: string[] = [];

  private constructor(private readonly repo: RemoteRepo) {}

  static async load(repo: RemoteRepo, signal?: AbortSignal): Promise<RemoteCatalog> {
    const c = new RemoteCatalog(repo);
    const [indexes, snaps, packs] = await Promise.all([
      repo.objects.list(INDEXES, signal),
      repo.objects.list(SNAPSHOTS, signal),
      repo.objects.list(PACKS, signal),
    ]);
    for (const p of packs) c.packObjects.set(p.key, p.size);
    c.snapshotIds.push(...snaps.map((s) => s.key.slice(SNAPSHOTS.length)));
    c.indexKeys.push(...indexes.map((i) => i.key));
    const docs = await mapLimit(c.indexKeys, 8, (k) => repo.getDoc(k, signal), signal);
    docs.forEach((d, i) => {
      // Listed a moment ago and gone now: a prune replaced it; its successor is listed next time.
      if (d !== null)
        c.add(checkDoc<IndexDoc>(d, 'modvault-remote-index', c.indexKeys[i]!), c.indexKeys[i]!);
    });
    await repo.forgetCachedExcept(new Set([...c.indexKeys, ...snaps.map((s) => s.key)]));
    return c;
  }

  private add(doc: IndexDoc, key: string): void {
    const table = BlobTable.decode(doc.blobs, key);
    for (const p of doc.packs) {
      this.packs.set(p.sha256, p.size);
      const listed = this.packObjects.has(this.repo.packKey(p.sha256));
      for (const [ref, offset, storedSize, size, crc32, codec] of p.blobs) {
        const sha256 = blobAt(table, ref, key);
        const known = this.blobs.get(sha256);
        if (known && (!listed || this.packObjects.has(this.repo.packKey(known.pack)))) continue;
        this.blobs.set(sha256, { sha256, pack: p.sha256, offset, storedSize, size, crc32, codec });
      }
    }
    for (const [ref, raw] of doc.raws) {
      const sha = blobAt(table, ref, key);
      const hex = Buffer.from(raw, 'base64').toString('hex');
      const list = this.raws.get(sha) ?? [];
      if (!list.includes(hex)) list.push(hex);
      this.raws.set(sha, list);
    }
    for (const v of doc.versions) {
      const id = versionId(v);
      if (this.versions.has(id)) continue;
      this.versions.set(id, {
        ...v,
        files: v.files.map(([name, mode, ref]) => ({
          name,
          mode,
          sha256: blobAt(table, ref, key),
        })),
      });
    }
  }

  /** Whether the blob's pack is on the remote (described and listed). */
  hasBlob(sha256: string): boolean {
    const b = this.blobs.get(sha256);
    return b !== undefined && this.packObjects.has(this.repo.packKey(b.pack));
  }

  /** A snapshot's reference document, or null when it is gone. */
  async snapshot(id: string, signal?: AbortSignal): Promise<SnapshotDoc | null> {
    const key = this.repo.snapshotKey(id);
    const d = await this.repo.getDoc(key, signal);
    return d === null ? null : checkDoc<SnapshotDoc>(d, 'modvault-remote-snapshot', key);
  }

  /** Every snapshot's reference, oldest first. */
  async snapshots(signal?: AbortSignal): Promise<SnapshotDoc[]> {
    const docs = await mapLimit(this.snapshotIds, 8, (id) => this.snapshot(id, signal), signal);
    return docs
      .filter((d): d is SnapshotDoc => d !== null)
      .sort((a, b) => a.snapshot.time - b.snapshot.time);
  }
}
