import { unlinkSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotProblemKind, VersionSource } from '../../../shared/dto/store';
import { errnoCode, fromErrno } from '../errors';
import { h1FromDigests } from '../gomod/h1';
import { CacheLayout } from '../gomod/layout';
import { ZIP_DEFLATE } from '../gomod/zip-index';
import { isNotRegular } from '../platform/no-follow';
import { Yielder } from '../platform/yielder';
import type { WorkerPool } from '../platform/worker-pool';
import type { BlobSink } from './blob-sink';
import type { ListedVersion } from './cache-lister';
import { statFile } from './cache-lister';
import type { BlobSource } from './pack-writer';
import type { DeltaBaseFinder } from './delta-bases';
import type { ModuleStreams } from './module-streams';
import type { VersionPaths } from './proxy-layout';
import type { Batch, StoredBytes } from './task-output';

export interface IngestedFile {
  /** Relative to "<path>@<version>/". */
  name: string;
  /** Hex. */
  sha256: string;
  mode: number | null;
}

/** A module version whose contents are in the sink, ready to be committed. */
export interface IngestedVersion {
  path: string;
  version: string;
  h1: string;
  source: VersionSource;
  verified: boolean;
  contentBytes: number;
  zipBytes: number;
  files: IngestedFile[];
  /** Every blob it references is durable once this pack is. */
  needsPack: number;
}

/** Why a version could not be stored as good. */
export class IngestProblem extends Error {
  constructor(
    readonly kind: SnapshotProblemKind,
    detail: string,
    readonly file: string,
  ) {
    super(detail);
    this.name = 'IngestProblem';
  }
}

/** Errors of the store's own side (its disk): they stop the snapshot instead. */
const FATAL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EMFILE', 'ENFILE']);

/** Maps a worker failure on `file` to a problem; anything else (cancel, crash) is rethrown. */
function asProblem(e: unknown, file: string, damaged: SnapshotProblemKind): unknown {
  const code = errnoCode(e);
  if (code && FATAL_CODES.has(code)) return fromErrno(e) ?? e;
  if (isNotRegular(e)) return new IngestProblem('symlink', e.message, e.path ?? file);
  if (code === 'ELOOP' || code === 'EFTYPE')
    return new IngestProblem(
      'symlink',
      `${file} was replaced by a symlink or special file while it was read: not followed`,
      file,
    );
  if (code === 'ENOENT')
    return new IngestProblem('vanished', `${file} was deleted while it was read`, file);
  if (code === 'EACCES' || code === 'EPERM')
    return new IngestProblem('unreadable', `permission denied reading ${file}`, file);
  if (
    e instanceof Error &&
    (e.name === 'ZipFormatError' || e.name === 'H1Error' || (code && /^E[A-Z]+$/.test(code)))
  )
    return new IngestProblem(damaged, e.message, file);
  return e;
}

function sourceOf(batch: Batch<StoredBytes>, i: number): BlobSource {
  const item = batch.items[i]!;
  if (item.offset >= 0)
    return Buffer.from(batch.data.buffer, batch.data.byteOffset + item.offset, item.storedSize);
  return { file: item.tmpFile!, offset: 0, length: item.storedSize };
}

function dropSpooled(batch: Batch<{ tmpFile: string | null }> | null): void {
  for (const item of batch?.items ?? []) {
    if (!item.tmpFile) continue;
    try {
      unlinkSync(item.tmpFile);
    } catch {
      /* swept with tmp/ by the next writer */
    }
  }
}

/**
 * Reads one module version into the sink, verifying its h1 while reading. From a zip, only
 * deflate streams never seen before are inflated; known ones are recognized by the hash of
 * their compressed bytes, and stored as those bytes (no recompression).
 */
export class VersionIngest {
  constructor(
    private readonly pool: WorkerPool,
    private readonly sink: BlobSink,
    private readonly streams: ModuleStreams,
    private readonly layout: VersionPaths,
    private readonly tmpDir: string,
    private readonly signal: AbortSignal | undefined,
    private readonly bases: DeltaBaseFinder | null = null,
  ) {}

  async fromZip(v: ListedVersion): Promise<IngestedVersion> {
    const zipPath = this.layout.versionFile(v, 'zip');
    const module = { path: v.path, version: v.version };
    const known = this.streams.forModule(v.path);
    const read = await this.pool
      .run(
        'readZip',
        {
          zipPath,
          module,
          known,
          tmpDir: this.tmpDir,
          bases: this.bases?.forVersion(v.path, v.version),
        },
        this.signal,
      )
      .catch((e: unknown) => Promise.reject(asProblem(e, zipPath, 'zip-unreadable')));
    try {
      if (read.problems.length > 0)
        throw new IngestProblem('zip-invalid', read.problems.slice(0, 3).join('; '), zipPath);
      const { h1, verified } = this.verify(v, read.items, 'zip-mismatch', zipPath);
      const fresh = read.items.flatMap((item, i) => (item.inflated ? [i] : []));
      this.sink.prefetch(fresh.map((i) => read.items[i]!.sha256));
      const yielder = new Yielder(this.signal);
      for (const i of fresh) {
        await yielder.maybeYield();
        const item = read.items[i]!;
        const content = { sha256: item.sha256, size: item.size, crc32: item.crc32 };
        const meta = {
          ...content,
          sha256: Buffer.from(item.sha256, 'hex'),
          codec: item.codec,
          storedSize: item.storedSize,
          base: item.baseSha256 ? Buffer.from(item.baseSha256, 'hex') : undefined,
        };
        this.sink.put(meta, () => sourceOf(read, i));
        if (item.method === ZIP_DEFLATE) {
          this.sink.noteRaw(item.rawSha256, content);
          this.streams.note(v.path, item.rawSha256, content);
        }
      }
      this.assertUnchanged(v, zipPath);
      const prefix = CacheLayout.zipPrefix(v);
      return {
        path: v.path,
        version: v.version,
        h1,
        source: 'zip',
        verified,
        contentBytes: read.items.reduce((n, e) => n + e.size, 0),
        zipBytes: v.zip!.size,
        files: read.items.map((e) => ({
          name: e.name.slice(prefix.length),
          sha256: e.sha256,
          mode: e.mode,
        })),
        needsPack: this.needsPack(read.items.map((e) => e.sha256)),
      };
    } finally {
      dropSpooled(read);
    }
  }

  /** A version without a zip, backed up from its extracted tree (checked against .ziphash). */
  async fromTree(v: ListedVersion): Promise<IngestedVersion> {
    const dir = v.treeDir!;
    const prefix = `${v.path}@${v.version}`;
    const tree = await this.pool
      .run('hashTree', { dir, prefix }, this.signal)
      .catch((e: unknown) => Promise.reject(asProblem(e, dir, 'tree-unreadable')));
    const { h1, verified } = this.verify(v, tree.files, 'tree-mismatch', dir);
    const shas = tree.files.map((f) => f.sha256);
    this.sink.prefetch(shas);
    const missing = shas.flatMap((sha, i) => (this.sink.where(sha) === null ? [i] : []));
    if (missing.length > 0) {
      const files = missing.map((i) =>
        path.join(dir, ...tree.files[i]!.name.slice(prefix.length + 1).split('/')),
      );
      const encoded = await this.pool
        .run('encodeFiles', { files, tmpDir: this.tmpDir }, this.signal)
        .catch((e: unknown) => Promise.reject(asProblem(e, dir, 'tree-unreadable')));
      try {
        const yielder = new Yielder(this.signal);
        for (const [k, i] of missing.entries()) {
          await yielder.maybeYield();
          const item = encoded.items[k]!;
          if (item.error)
            throw asProblem(
              Object.assign(new Error(item.error), { code: item.error }),
              files[k]!,
              'tree-unreadable',
            );
          if (item.sha256 !== tree.files[i]!.sha256)
            throw new IngestProblem('changed', `${files[k]} changed while it was read`, files[k]!);
          const meta = {
            sha256: Buffer.from(item.sha256, 'hex'),
            size: item.size,
            crc32: item.crc32,
            codec: item.codec,
            storedSize: item.storedSize,
          };
          this.sink.put(meta, () => sourceOf(encoded, k));
        }
      } finally {
        dropSpooled(encoded);
      }
    }
    return {
      path: v.path,
      version: v.version,
      h1,
      source: 'tree',
      verified,
      contentBytes: tree.bytes,
      zipBytes: 0,
      files: tree.files.map((f, i) => ({
        name: f.name.slice(prefix.length + 1),
        sha256: shas[i]!,
        mode: f.mode,
      })),
      needsPack: this.needsPack(shas),
    };
  }

  private verify(
    v: ListedVersion,
    files: { name: string; sha256: string }[],
    mismatch: SnapshotProblemKind,
    file: string,
  ): { h1: string; verified: boolean } {
    const h1 = h1FromDigests(files);
    const expected = v.expectedH1();
    if (expected === null) return { h1, verified: false };
    if (h1 !== expected)
      throw new IngestProblem(
        mismatch,
        `${mismatch === 'zip-mismatch' ? 'zip' : 'dir'} has been modified: .ziphash says ${expected}, the contents hash to ${h1}`,
        file,
      );
    return { h1, verified: true };
  }

  private assertUnchanged(v: ListedVersion, zipPath: string): void {
    const now = statFile(zipPath);
    if (!now)
      throw new IngestProblem('vanished', `${zipPath} was deleted while it was read`, zipPath);
    if (now.sig !== v.zip!.sig)
      throw new IngestProblem('changed', `${zipPath} changed while it was read`, zipPath);
  }

  private needsPack(shas: string[]): number {
    let max = 0;
    for (const sha of shas) {
      const seq = this.sink.where(sha);
      if (seq === null) throw new Error(`internal: blob ${sha} was not stored`);
      max = Math.max(max, seq);
    }
    return max;
  }
}
