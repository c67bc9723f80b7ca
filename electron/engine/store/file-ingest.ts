import { unlinkSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { SnapshotProblem } from '../../../shared/dto/store';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import { BlobDamage } from './blob-damage';
import type { BlobSink } from './blob-sink';
import type { FileArea, ListedFile } from './cache-lister';
import type { Db } from './migrations';
import type { FileItem } from './file-task';

/** A file of a snapshot's file set; `sha256` is set for files read this time. */
export interface StoredFile {
  area: FileArea;
  path: string;
  blobId: number | null;
  /** Hex. */
  sha256: string | null;
  mode: number;
  size: number;
}

const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_FILES = 256;

function batches(files: ListedFile[]): ListedFile[][] {
  const out: ListedFile[][] = [];
  let cur: ListedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (cur.length > 0 && (bytes + f.stat.size > BATCH_BYTES || cur.length >= BATCH_FILES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(f);
    bytes += f.stat.size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Files outside module versions (list files, sumdb, build cache): a file whose stat signature
 * is unchanged since the last snapshot of the same root is not read again.
 */
export class FileIngest {
  private readonly sourceStmt: Statement<[string, string], { sig: string; blob_id: number }>;
  private readonly upsertStmt: Statement<unknown[]>;

  constructor(
    private readonly db: Db,
    private readonly pool: WorkerPool,
    private readonly sink: BlobSink,
    private readonly tmpDir: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.sourceStmt = db.prepare(
      'SELECT sig, blob_id FROM file_sources WHERE root = ? AND path = ?',
    );
    this.upsertStmt = db.prepare(
      'INSERT OR REPLACE INTO file_sources (root, path, sig, blob_id) SELECT ?, ?, ?, id FROM blobs WHERE sha256 = ?',
    );
  }

  async run(
    files: ListedFile[],
    roots: Record<FileArea, string>,
    onRead: (files: number, bytes: number) => void,
  ): Promise<{ stored: StoredFile[]; problems: SnapshotProblem[]; read: number }> {
    const stored: StoredFile[] = [];
    const problems: SnapshotProblem[] = [];
    const toRead: ListedFile[] = [];
    const previous = new Map<ListedFile, number>();
    const damaged = new BlobDamage(this.db, Date.now).ids();
    for (const f of files) {
      const src = this.sourceStmt.get(roots[f.area], f.rel);
      if (src) previous.set(f, src.blob_id);
      // A damaged or lost blob is read again from the file: that heals it.
      if (src?.sig === f.stat.sig && !damaged.has(src.blob_id))
        stored.push({
          area: f.area,
          path: f.rel,
          blobId: src.blob_id,
          sha256: null,
          mode: f.stat.mode,
          size: f.stat.size,
        });
      else toRead.push(f);
    }
    await mapLimit(
      batches(toRead),
      this.pool.size * 2,
      async (batch) => {
        const res = await this.pool.run(
          'encodeFiles',
          { files: batch.map((f) => f.abs), tmpDir: this.tmpDir },
          this.signal,
        );
        this.sink.prefetch(res.items.flatMap((item) => (item.error ? [] : [item.sha256])));
        batch.forEach((f, i) => {
          const item = res.items[i]!;
          try {
            if (item.error) {
              problems.push(this.problem(f, item.error, previous.get(f)));
              const kept = previous.get(f);
              if (kept !== undefined)
                stored.push({
                  area: f.area,
                  path: f.rel,
                  blobId: kept,
                  sha256: null,
                  mode: f.stat.mode,
                  size: f.stat.size,
                });
              return;
            }
            stored.push(this.put(f, item, res.data, roots[f.area]));
          } finally {
            if (item.tmpFile) unlinkQuietly(item.tmpFile);
          }
        });
        onRead(
          batch.length,
          batch.reduce((n, f) => n + f.stat.size, 0),
        );
      },
      this.signal,
    );
    return { stored, problems, read: toRead.length };
  }

  private put(f: ListedFile, item: FileItem, data: Uint8Array, root: string): StoredFile {
    const sha256 = Buffer.from(item.sha256, 'hex');
    const source =
      item.offset >= 0
        ? Buffer.from(data.buffer, data.byteOffset + item.offset, item.storedSize)
        : { file: item.tmpFile!, offset: 0, length: item.storedSize };
    const seq = this.sink.put(
      {
        sha256,
        size: item.size,
        crc32: item.crc32,
        codec: item.codec,
        storedSize: item.storedSize,
      },
      source,
    );
    this.sink.defer({
      needsPack: seq,
      commit: () => this.upsertStmt.run(root, f.rel, f.stat.sig, sha256),
    });
    return {
      area: f.area,
      path: f.rel,
      blobId: null,
      sha256: item.sha256,
      mode: item.mode,
      size: item.size,
    };
  }

  private problem(f: ListedFile, code: string, kept: number | undefined): SnapshotProblem {
    const gone = code === 'ENOENT';
    return {
      path: '',
      version: '',
      kind: gone ? 'vanished' : 'unreadable',
      detail: gone
        ? `${f.abs} was deleted while the snapshot ran`
        : `cannot read ${f.abs} (${code})`,
      file: f.abs,
      keptFrom: kept !== undefined ? 'an earlier snapshot' : null,
    };
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* swept with tmp/ by the next writer */
  }
}
