import type { Statement } from 'better-sqlite3';
import type { SnapshotProblem, VersionSource } from '../../../shared/dto/store';
import { Yielder } from '../platform/yielder';
import { encodeContent } from './blob-encoding';
import type { BlobSink } from './blob-sink';
import type { Db } from './migrations';
import { BlobKind } from './pack-format';
import type { ManifestBlobs } from './snapshot-manifest';
import type {
  FileSetItem,
  SnapshotMetaIds,
  SnapshotRecorder,
  VersionSetItem,
} from './snapshot-recorder';
import { sortFileItems } from './snapshot-recorder';
import type { Metadata, VersionMeta } from './snapshot-metadata';
import { encodeMetadata } from './snapshot-metadata';

const hex = (b: Buffer | null | undefined) => (b ? b.toString('hex') : null);

/** A healthy blob's hash: null for none, a damaged or a lost one (then it is stored again). */
const HEALTHY_SHA = `SELECT b.sha256 FROM blobs b WHERE b.id = ? AND b.pack_id IS NOT NULL
  AND b.id NOT IN (SELECT blob_id FROM damaged_blobs)`;

/**
 * Writes the metadata blobs snapshot manifests point to, through the session's sink (so they
 * are deduplicated, packed and committed like any blob): each module version's own description
 * (once, when it is first stored), a snapshot's version set, file set and problems. Call
 * `commit` after the sink is finished, inside the transaction that records the sets.
 */
export class SnapshotDescriber {
  private readonly versionRow: Statement<[number], VersionRow>;
  private readonly versionFiles: Statement<[number], FileRow>;
  private readonly blobSha: Statement<[number], Buffer>;
  private readonly healthySha: Statement<[number], Buffer>;
  /** Versions whose metadata blob was stored now: version id → sha256. */
  private readonly pending = new Map<number, string>();

  constructor(
    private readonly db: Db,
    private readonly sink: BlobSink,
  ) {
    this.versionRow = db.prepare(
      `SELECT path, version, h1, source, verified, content_bytes AS contentBytes, zip_bytes AS zipBytes,
         meta_blob AS metaBlob FROM module_versions WHERE id = ?`,
    );
    this.versionFiles = db.prepare(
      `SELECT f.name, b.sha256, f.mode, b.size FROM version_files f JOIN blobs b ON b.id = f.blob_id
       WHERE f.version_id = ? ORDER BY f.idx`,
    );
    this.blobSha = db.prepare('SELECT sha256 FROM blobs WHERE id = ?').pluck() as Statement<
      [number],
      Buffer
    >;
    this.healthySha = db.prepare(HEALTHY_SHA).pluck() as Statement<[number], Buffer>;
  }

  /** A stored blob's hash (hex); the caller names blobs the index holds. */
  sha(blobId: number): string {
    return hex(this.blobSha.get(blobId))!;
  }

  /** The hash of a healthy metadata blob the index records, or null. */
  healthy(blobId: number | null): string | null {
    return blobId === null ? null : hex(this.healthySha.get(blobId));
  }

  /** The metadata blob of a module version: the recorded one, or stored now. */
  version(versionId: number): string {
    const done = this.pending.get(versionId);
    if (done) return done;
    const v = this.versionRow.get(versionId)!;
    const recorded = this.healthy(v.metaBlob);
    if (recorded) return recorded;
    const meta: VersionMeta = {
      t: 'version',
      path: v.path,
      version: v.version,
      h1: v.h1,
      source: v.source,
      verified: v.verified === 1,
      contentBytes: v.contentBytes,
      zipBytes: v.zipBytes,
      files: this.versionFiles.all(versionId).map((f) => [f.name, hex(f.sha256)!, f.mode, f.size]),
    };
    const sha = this.put(meta);
    this.pending.set(versionId, sha);
    return sha;
  }

  /** Stores again the metadata of a recorded set's versions that have none or a damaged one. */
  async completeVersions(setId: number, yielder: Yielder): Promise<void> {
    const ids = this.db
      .prepare(
        `SELECT v.id FROM version_set_items i JOIN module_versions v ON v.id = i.version_id
         WHERE i.set_id = ? AND (v.meta_blob IS NULL OR v.meta_blob IN
           (SELECT blob_id FROM damaged_blobs UNION SELECT id FROM blobs WHERE pack_id IS NULL))`,
      )
      .pluck()
      .all(setId) as number[];
    for (const id of ids) {
      this.version(id);
      await yielder.maybeYield();
    }
  }

  /** Describing a first snapshot's versions takes seconds: the event loop gets its turns. */
  async versionSet(items: readonly VersionSetItem[], yielder: Yielder): Promise<string> {
    const rows: [string, string | null, string | null][] = [];
    for (const i of items) {
      rows.push([
        this.version(i.versionId),
        i.modBlob === null ? null : this.sha(i.modBlob),
        i.infoBlob === null ? null : this.sha(i.infoBlob),
      ]);
      await yielder.maybeYield();
    }
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return this.put({ t: 'version-set', items: rows });
  }

  /** Items in the recorder's order (area, then path). */
  fileSet(items: readonly FileSetItem[]): string {
    return this.put({
      t: 'file-set',
      items: items.map((i) => [i.area, i.path, this.sha(i.blobId), i.mode, i.size]),
    });
  }

  problems(problems: readonly SnapshotProblem[]): string | null {
    return problems.length ? this.put({ t: 'problems', items: [...problems] }) : null;
  }

  /** Records the metadata blobs of versions (the sink must be finished). */
  commit(): void {
    const set = this.db.prepare('UPDATE module_versions SET meta_blob = ? WHERE id = ?');
    for (const [versionId, sha] of this.pending) set.run(this.sink.blobId(sha)!, versionId);
    this.pending.clear();
  }

  private put(m: Metadata): string {
    const enc = encodeContent(encodeMetadata(m));
    this.sink.put({ ...enc.meta, kind: BlobKind.Metadata }, enc.stored);
    return enc.meta.sha256.toString('hex');
  }
}

interface VersionRow {
  path: string;
  version: string;
  h1: string;
  source: VersionSource;
  verified: number;
  contentBytes: number;
  zipBytes: number;
  metaBlob: number | null;
}

interface FileRow {
  name: string;
  sha256: Buffer;
  mode: number | null;
  size: number;
}

/** The metadata blobs of a snapshot's sets: the recorded ones when healthy, else stored now. */
export async function describeSets(
  recorder: SnapshotRecorder,
  describer: SnapshotDescriber,
  versions: readonly VersionSetItem[],
  files: readonly FileSetItem[],
  problems: readonly SnapshotProblem[],
): Promise<ManifestBlobs> {
  const yielder = new Yielder();
  const vs = recorder.findVersionSet(versions);
  const fs = recorder.findFileSet(files);
  if (vs) await describer.completeVersions(vs.id, yielder);
  return {
    versionSet:
      describer.healthy(vs?.metaBlob ?? null) ?? (await describer.versionSet(versions, yielder)),
    fileSet: describer.healthy(fs?.metaBlob ?? null) ?? describer.fileSet(sortFileItems(files)),
    problems: describer.problems(problems),
  };
}

/** Blob ids of committed metadata blobs (after the sink is finished). */
export function metaIds(sink: BlobSink, shas: ManifestBlobs): SnapshotMetaIds {
  const id = (sha: string) => {
    const found = sink.blobId(sha);
    if (found === undefined) throw new Error(`internal: metadata blob ${sha} is not committed`);
    return found;
  };
  return {
    versionSet: id(shas.versionSet),
    fileSet: id(shas.fileSet),
    problems: shas.problems === null ? null : id(shas.problems),
  };
}
