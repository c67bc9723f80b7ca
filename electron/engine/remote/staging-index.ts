import { EngineError } from '../errors';
import { BlobIndex } from '../store/blob-index';
import type { Db } from '../store/migrations';
import type { FileSetItem, VersionSetItem } from '../store/snapshot-recorder';
import { SnapshotRecorder } from '../store/snapshot-recorder';
import { VersionStore } from '../store/version-store';
import type { RemoteBlob, RemoteCatalog, RemoteVersion } from './remote-catalog';
import { versionId } from './remote-catalog';
import type { SnapshotDoc } from './repo-format';
import { BlobTable, blobAt } from './repo-format';

/** What the staging index holds of a remote snapshot, for fetching its blobs. */
export interface StagedSnapshot {
  id: string;
  /** Hashes of the .mod and .info blobs (all versions), and of the other files by area. */
  metaBlobs: string[];
  fileBlobs: { area: string; sha256: string }[];
  versions: Map<string, RemoteVersion>;
  blobs: Map<string, RemoteBlob>;
}

function missing(what: string, snapshot: string): EngineError {
  return new EngineError(
    'CORRUPT',
    `Remote snapshot ${snapshot} needs ${what}, which the remote's index does not hold.`,
    {
      fix: 'The remote is incomplete (a prune raced a push, or objects were deleted by hand). Run `modvault remote check NAME`, then push the snapshot again from a machine that has it.',
    },
  );
}

/**
 * Writes one remote snapshot into an empty store index (the staging store of a restore from a
 * remote): packs named by their hash, blobs at their remote offsets, versions, the snapshot's
 * sets and its row under its remote id. The restore engine then reads it like any store.
 */
export function stageSnapshot(
  db: Db,
  doc: SnapshotDoc,
  cat: RemoteCatalog,
  now: number,
): StagedSnapshot {
  const id = doc.snapshot.id;
  const key = `snapshot ${id}`;
  const table = BlobTable.decode(doc.blobs, key);
  const blobs = new Map<string, RemoteBlob>();
  const use = (sha: string) => {
    const b = cat.blobs.get(sha);
    if (!b) throw missing(`blob ${sha.slice(0, 16)}…`, id);
    blobs.set(sha, b);
  };
  const versions = new Map<string, RemoteVersion>();
  const metaBlobs: string[] = [];
  const rows = doc.versions.map(([path, version, h1, mod, info]) => {
    const v = cat.versions.get(versionId({ path, version, h1 }));
    if (!v) throw missing(`${path}@${version}`, id);
    versions.set(versionId(v), v);
    v.files.forEach((f) => use(f.sha256));
    const modSha = mod < 0 ? null : blobAt(table, mod, key);
    const infoSha = info < 0 ? null : blobAt(table, info, key);
    for (const s of [modSha, infoSha]) {
      if (!s) continue;
      use(s);
      metaBlobs.push(s);
    }
    return { v, modSha, infoSha };
  });
  const fileBlobs = doc.files.map(([area, , ref]) => ({ area, sha256: blobAt(table, ref, key) }));
  fileBlobs.forEach((f) => use(f.sha256));

  const index = new BlobIndex(db);
  const store = new VersionStore(db);
  const recorder = new SnapshotRecorder(db);
  db.transaction(() => {
    const ids = new Map<string, number>();
    const byPack = new Map<string, RemoteBlob[]>();
    for (const b of blobs.values()) {
      const list = byPack.get(b.pack);
      if (list) list.push(b);
      else byPack.set(b.pack, [b]);
    }
    for (const [pack, list] of byPack) {
      const got = index.addPack(
        {
          seq: 0,
          name: pack,
          size: cat.packs.get(pack) ?? 0,
          blobs: list.map((b) => ({
            sha256: Buffer.from(b.sha256, 'hex'),
            size: b.size,
            crc32: b.crc32,
            codec: b.codec,
            storedSize: b.storedSize,
            offset: b.offset,
          })),
        },
        now,
      );
      list.forEach((b, i) => ids.set(b.sha256, got.ids[i]!));
    }
    for (const sha of blobs.keys())
      for (const raw of cat.raws.get(sha) ?? [])
        index.addRaw(Buffer.from(raw, 'hex'), Buffer.from(sha, 'hex'));
    const items: VersionSetItem[] = rows.map(({ v, modSha, infoSha }) => ({
      versionId: store.insert(
        { ...v, files: v.files.map((f) => ({ name: f.name, sha256: f.sha256, mode: f.mode })) },
        now,
        (sha) => ids.get(sha),
      ).id,
      modBlob: modSha ? ids.get(modSha)! : null,
      infoBlob: infoSha ? ids.get(infoSha)! : null,
    }));
    const files: FileSetItem[] = doc.files.map(([area, path, ref, mode]) => {
      const b = blobs.get(blobAt(table, ref, key))!;
      return { area, path, blobId: ids.get(b.sha256)!, mode, size: b.size };
    });
    // The staging copy answers to the remote snapshot's id, as the user named it.
    const versionSet = recorder.versionSet(items);
    const fileSet = recorder.fileSet(files);
    recorder.insert({
      ...doc.snapshot,
      id,
      seq: recorder.nextSeq(),
      versionSetId: versionSet.id,
      fileSetId: fileSet.id,
      manifest: null,
      problemsBlob: null,
    });
  })();
  return { id, metaBlobs, fileBlobs, versions, blobs };
}
