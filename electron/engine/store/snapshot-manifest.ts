import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotKind } from '../../../shared/dto/store';
import { writeFileAtomic } from '../platform/atomic-file';
import type { FileIntents } from './file-intents';
import { manifestPath } from './file-intents';
import type { SnapshotRecord } from './snapshot-catalog';

export const MANIFEST_FORMAT = 'modvault-snapshot';

/**
 * A completed snapshot, described by a small immutable file in the store's snapshots/ folder,
 * named `<id>-<first 32 hex digits of its SHA-256>.json` (content-addressed: a damaged file is
 * recognized by its name, and a copy can be uploaded as it is). It holds the snapshot's row and
 * the SHA-256 of three metadata blobs in the packs: its version set (each module version's own
 * metadata blob: path, version, h1 and file list), its file set (sumdb, list files, build
 * cache) and its problems. Written after its packs are durable, before the index commits the
 * snapshot; never rewritten; removed when the snapshot is forgotten.
 */
export interface SnapshotManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: 1;
  id: string;
  seq: number;
  kind: SnapshotKind;
  /** Epoch milliseconds. */
  time: number;
  host: string;
  gomodcache: string;
  buildCache: {
    gocache: string;
    goVersion: string | null;
    goos: string | null;
    goarch: string | null;
    files: number;
    bytes: number;
  } | null;
  versions: number;
  newVersions: number;
  files: number;
  bytes: number;
  bytesAdded: number;
  durationMs: number;
  /** The module cache on disk when it was taken (absent: imports, and older ModVaults). */
  diskBytes?: number;
  /** SHA-256 (hex) of the metadata blobs. */
  versionSet: string;
  fileSet: string;
  problems: string | null;
}

export interface ManifestBlobs {
  versionSet: string;
  fileSet: string;
  problems: string | null;
}

/** The manifest of a snapshot row: a pure function of it, so the same row gives the same file. */
export function manifestOf(r: SnapshotRecord, blobs: ManifestBlobs): SnapshotManifest {
  return {
    format: MANIFEST_FORMAT,
    formatVersion: 1,
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    time: r.time,
    host: r.host,
    gomodcache: r.gomodcache,
    buildCache: r.gocache
      ? {
          gocache: r.gocache,
          goVersion: r.goVersion,
          goos: r.goos,
          goarch: r.goarch,
          files: r.gocacheFiles,
          bytes: r.gocacheBytes,
        }
      : null,
    versions: r.versions,
    newVersions: r.newVersions,
    files: r.files,
    bytes: r.bytes,
    bytesAdded: r.bytesAdded,
    durationMs: r.durationMs,
    ...(r.diskBytes !== null && { diskBytes: r.diskBytes }),
    versionSet: blobs.versionSet,
    fileSet: blobs.fileSet,
    problems: blobs.problems,
  };
}

export function encodeManifest(m: SnapshotManifest): { name: string; bytes: Buffer } {
  const bytes = Buffer.from(JSON.stringify(m, null, 1) + '\n');
  const sha = createHash('sha256').update(bytes).digest('hex');
  return { name: `${m.id}-${sha.slice(0, 32)}.json`, bytes };
}

/**
 * Writes a manifest durably: the intent to create it is committed first, so an interrupted
 * writer's manifest (no snapshot row names it) is removed by the next writer, and a manifest
 * the index does not know is otherwise always a sign that the index lost track of it.
 */
export async function writeManifest(
  snapshotsDir: string,
  intents: FileIntents,
  m: SnapshotManifest,
): Promise<string> {
  const { name, bytes } = encodeManifest(m);
  intents.willCreate(manifestPath(name));
  await writeFileAtomic(path.join(snapshotsDir, name), bytes, 0o444);
  return name;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads and checks a manifest file: its name matches its content, and its fields are sound. */
export function readManifest(file: string): SnapshotManifest {
  const bytes = readFileSync(file);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const name = path.basename(file);
  const m = /^([0-9a-f]{8})-([0-9a-f]{32})\.json$/.exec(name);
  if (!m || m[2] !== sha.slice(0, 32))
    throw new Error('its content does not match the hash in its name');
  const v = JSON.parse(bytes.toString('utf8')) as SnapshotManifest;
  const sound =
    v.format === MANIFEST_FORMAT &&
    v.formatVersion === 1 &&
    v.id === m[1] &&
    Number.isInteger(v.seq) &&
    (v.kind === 'snapshot' || v.kind === 'import') &&
    Number.isFinite(v.time) &&
    typeof v.host === 'string' &&
    typeof v.gomodcache === 'string' &&
    HEX64.test(v.versionSet) &&
    HEX64.test(v.fileSet) &&
    (v.problems === null || HEX64.test(v.problems)) &&
    (v.diskBytes === undefined || Number.isSafeInteger(v.diskBytes));
  if (!sound) throw new Error('it is not a ModVault snapshot manifest');
  return v;
}
