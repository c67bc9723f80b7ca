import type { Statement } from 'better-sqlite3';
import type { Db } from './migrations';
import type { BlobReader } from './blob-reader';
import type { SnapshotRecord } from './snapshot-catalog';
import { SnapshotCatalog } from './snapshot-catalog';
import type { SnapshotManifest } from './snapshot-manifest';
import { parseMetadata } from './snapshot-metadata';
import type { DescribedSnapshot, DescribedVersion } from './snapshot-rebuilder';

const hex = (b: Buffer) => b.toString('hex');

/**
 * Reads metadata blobs by content hash from the packs the index knows (null when no healthy
 * copy exists or it does not read back as stored).
 */
export class MetadataReader {
  private readonly find: Statement<[Buffer], { id: number; size: number }>;

  constructor(
    db: Db,
    private readonly blobs: BlobReader,
  ) {
    this.find = db.prepare(
      `SELECT id, size FROM blobs WHERE sha256 = ? AND pack_id IS NOT NULL
         AND id NOT IN (SELECT blob_id FROM damaged_blobs)`,
    );
  }

  /** The recorded size of a blob (0 when the index does not know it). */
  sizeOf(sha256: string): number {
    return this.find.get(Buffer.from(sha256, 'hex'))?.size ?? 0;
  }

  async read(sha256: string): Promise<Buffer | null> {
    const row = this.find.get(Buffer.from(sha256, 'hex'));
    if (!row) return null;
    try {
      const chunks: Buffer[] = [];
      for await (const c of this.blobs.contentStream(row.id)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    } catch {
      return null;
    }
  }
}

export interface ManifestReading {
  snapshot: DescribedSnapshot | null;
  /** What could not be read: the whole snapshot (snapshot null) or parts of it. */
  missing: string[];
}

/** A snapshot as its manifest and the metadata blobs it points to describe it. */
export async function fromManifest(
  m: SnapshotManifest,
  manifest: string,
  meta: MetadataReader,
): Promise<ManifestReading> {
  const missing: string[] = [];
  const parsed = async <T extends 'version' | 'version-set' | 'file-set' | 'problems'>(
    sha: string,
    t: T,
  ) => {
    const bytes = await meta.read(sha);
    if (!bytes) return null;
    try {
      return parseMetadata(bytes, t);
    } catch {
      return null;
    }
  };
  const set = await parsed(m.versionSet, 'version-set');
  if (!set) return { snapshot: null, missing: ['its list of module versions is in no pack'] };
  const versions: DescribedVersion[] = [];
  for (const [vsha, mod, info] of set.items) {
    const v = await parsed(vsha, 'version');
    if (!v) {
      missing.push(`a module version's file list (${vsha.slice(0, 16)}…) is in no pack`);
      continue;
    }
    versions.push({
      path: v.path,
      version: v.version,
      h1: v.h1,
      source: v.source,
      verified: v.verified,
      contentBytes: v.contentBytes,
      zipBytes: v.zipBytes,
      files: v.files.map(([name, sha256, mode, size]) => ({ name, sha256, mode, size })),
      meta: vsha,
      mod: mod ? { sha256: mod, size: meta.sizeOf(mod) } : null,
      info: info ? { sha256: info, size: meta.sizeOf(info) } : null,
    });
  }
  const fileSet = await parsed(m.fileSet, 'file-set');
  if (!fileSet) missing.push('its list of other files (sumdb, build cache) is in no pack');
  const problems = m.problems ? await parsed(m.problems, 'problems') : null;
  return {
    missing,
    snapshot: {
      record: {
        id: m.id,
        seq: m.seq,
        kind: m.kind,
        time: m.time,
        host: m.host,
        gomodcache: m.gomodcache,
        gocache: m.buildCache?.gocache ?? null,
        goVersion: m.buildCache?.goVersion ?? null,
        goos: m.buildCache?.goos ?? null,
        goarch: m.buildCache?.goarch ?? null,
        versions: m.versions,
        newVersions: m.newVersions,
        files: m.files,
        bytes: m.bytes,
        bytesAdded: m.bytesAdded,
        gocacheFiles: m.buildCache?.files ?? 0,
        gocacheBytes: m.buildCache?.bytes ?? 0,
        durationMs: m.durationMs,
        problems: JSON.stringify(problems?.items ?? []),
        manifest,
        diskBytes: m.diskBytes ?? null,
      },
      versions,
      files: (fileSet?.items ?? []).map(([area, path, sha256, mode, size]) => ({
        area,
        path,
        sha256,
        mode,
        size,
      })),
      metas: {
        versionSet: m.versionSet,
        fileSet: fileSet ? m.fileSet : null,
        problems: problems ? m.problems : null,
      },
    },
  };
}

/** Snapshots of another index (a kept copy): described by hashes, to be found in the packs. */
export function fromIndex(src: Db): DescribedSnapshot[] {
  const catalog = new SnapshotCatalog(src);
  const files = src.prepare(
    `SELECT f.name, b.sha256, f.mode, b.size FROM version_files f JOIN blobs b ON b.id = f.blob_id
     WHERE f.version_id = ? ORDER BY f.idx`,
  );
  const blob = src.prepare('SELECT sha256, size FROM blobs WHERE id = ?');
  const small = (id: number | null) => {
    if (id === null) return null;
    const b = blob.get(id) as { sha256: Buffer; size: number } | undefined;
    return b ? { sha256: hex(b.sha256), size: b.size } : null;
  };
  const others = src.prepare(
    `SELECT i.area, i.path, b.sha256, i.mode, b.size FROM file_set_items i JOIN blobs b ON b.id = i.blob_id
     WHERE i.set_id = ?`,
  );
  return catalog.list().map((r: SnapshotRecord) => ({
    record: { ...r, manifest: null },
    versions: catalog.versions(r).map((v) => ({
      path: v.path,
      version: v.version,
      h1: v.h1,
      source: v.source,
      verified: v.verified,
      contentBytes: v.contentBytes,
      zipBytes: v.zipBytes,
      files: (
        files.all(v.versionId) as {
          name: string;
          sha256: Buffer;
          mode: number | null;
          size: number;
        }[]
      ).map((f) => ({ ...f, sha256: hex(f.sha256) })),
      meta: null,
      mod: small(v.modBlob),
      info: small(v.infoBlob),
    })),
    files: (
      others.all(r.fileSetId) as {
        area: string;
        path: string;
        sha256: Buffer;
        mode: number;
        size: number;
      }[]
    ).map((f) => ({ ...f, sha256: hex(f.sha256) })),
    metas: { versionSet: null, fileSet: null, problems: null },
  }));
}
