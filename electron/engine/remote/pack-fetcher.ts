import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { RemoteFetch } from '../../../shared/dto/remote';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import { decodeRecordHeader, RECORD_HEADER_SIZE } from '../store/pack-format';
import type { BlobRef } from '../restore/pack-blobs';
import { PackBlobs } from '../restore/pack-blobs';
import type { ByteRange } from './object-store';
import type { RemoteBlob, RemoteCatalog } from './remote-catalog';
import type { RemoteRepo } from './remote-repo';
import { RepoKeys } from './repo-crypto';

/** Blobs closer than this in a pack are fetched with one request. */
const MERGE_GAP = 256 * 1024;
/** A request asks for at most this much (large blobs take several). */
const MAX_REQUEST = 8 * 1024 * 1024;
const REQUESTS = 4;

interface Span extends ByteRange {
  pack: string;
  blobs: RemoteBlob[];
}

/**
 * Fetches blobs of remote packs into sparse local copies of those packs, at their remote
 * offsets, with range requests that cover only what is asked for. Every blob is checked as it
 * arrives (its record header against the index, its bytes against its hash), so a damaged or
 * tampered object is named and refused before anything is written to a module cache.
 */
export class PackFetcher {
  private readonly done = new Set<string>();
  private readonly packsSeen = new Set<string>();
  readonly stats: RemoteFetch = { requests: 0, packs: 0, bytes: 0 };

  constructor(
    private readonly repo: RemoteRepo,
    private readonly cat: RemoteCatalog,
    private readonly packsDir: string,
    /** The snapshot being restored (named in errors), or null for a check. */
    private readonly snapshot: string | null,
  ) {}

  async fetch(
    shas: Iterable<string>,
    o: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void } = {},
  ): Promise<void> {
    const todo: RemoteBlob[] = [];
    for (const sha of shas) {
      if (this.done.has(sha)) continue;
      this.done.add(sha);
      todo.push(this.cat.blobs.get(sha)!);
    }
    const spans = this.spans(todo);
    const bytesTotal = spans.reduce((n, s) => n + s.end + 1 - s.start, 0);
    let bytesDone = 0;
    o.progress?.({ phase: 'fetching', done: 0, total: spans.length, bytesDone, bytesTotal });
    let n = 0;
    // On the first failure no new request starts, and the ones in flight are waited for: the
    // caller removes the staging folder only once nothing writes into it any more.
    let failure: unknown = null;
    await mapLimit(
      spans,
      REQUESTS,
      async (s) => {
        if (failure) return;
        try {
          const bytes = await this.read(s, o.signal);
          await this.check(s, bytes);
          bytesDone += bytes.length;
          o.progress?.({ done: ++n, bytesDone });
        } catch (e) {
          failure ??= e;
        }
      },
      o.signal,
    );
    this.stats.packs = this.packsSeen.size;
    if (failure) throw failure;
  }

  /** Requests per pack: nearby blobs merged, each request at most MAX_REQUEST long. */
  private spans(blobs: RemoteBlob[]): Span[] {
    const byPack = new Map<string, RemoteBlob[]>();
    for (const b of blobs) {
      const list = byPack.get(b.pack);
      if (list) list.push(b);
      else byPack.set(b.pack, [b]);
    }
    const out: Span[] = [];
    for (const [pack, list] of byPack) {
      list.sort((a, b) => a.offset - b.offset);
      let cur: Span | null = null;
      for (const b of list) {
        const start = b.offset - RECORD_HEADER_SIZE;
        const end = b.offset + b.storedSize - 1;
        if (cur && start - cur.end <= MERGE_GAP && end + 1 - cur.start <= MAX_REQUEST) {
          cur.end = Math.max(cur.end, end);
          cur.blobs.push(b);
        } else
          out.push(
            (cur = { pack, start, end: Math.max(start + RECORD_HEADER_SIZE - 1, end), blobs: [b] }),
          );
      }
    }
    return out;
  }

  private async read(s: Span, signal?: AbortSignal): Promise<Buffer> {
    const key = this.repo.packKey(s.pack);
    this.packsSeen.add(s.pack);
    const gone = () =>
      new EngineError(
        'NOT_FOUND',
        `The remote pack ${key} is gone${this.snapshot ? ` (snapshot ${this.snapshot} needs it)` : ''}.`,
        {
          fix: 'A prune may have run meanwhile: run the restore again. If it persists, run `modvault remote check NAME`.',
        },
      );
    let bytes: Buffer | null;
    if (this.repo.keys) {
      const plainSize = this.cat.packs.get(s.pack) ?? 0;
      const r = RepoKeys.sealedRange(s);
      const header = await this.get(key, r.header, signal);
      const segments = header && (await this.get(key, r.segments, signal));
      if (!header || !segments) throw gone();
      bytes = this.repo.keys.openRange(key, header, segments, s, plainSize);
    } else bytes = await this.get(key, s, signal);
    if (!bytes) throw gone();
    if (bytes.length !== s.end + 1 - s.start)
      throw this.damaged(key, s.blobs[0]!, 'is shorter than its index says');
    return bytes;
  }

  private async get(key: string, range: ByteRange, signal?: AbortSignal): Promise<Buffer | null> {
    const b = await this.repo.objects.get(key, { range, signal });
    this.stats.requests++;
    this.stats.bytes += b?.length ?? 0;
    return b;
  }

  /** Checks each blob of a fetched span and writes it into the sparse local pack. */
  private async check(s: Span, bytes: Buffer): Promise<void> {
    const key = this.repo.packKey(s.pack);
    const file = path.join(this.packsDir, s.pack);
    let fd: number;
    try {
      fd = openSync(file, 'a+');
      closeSync(fd);
      fd = openSync(file, 'r+');
    } catch (e) {
      throw fromErrno(e, `the staging pack ${file}`) ?? e;
    }
    const late: BlobRef[] = [];
    try {
      for (const b of s.blobs) {
        const at = b.offset - RECORD_HEADER_SIZE - s.start;
        let h;
        try {
          h = decodeRecordHeader(bytes.subarray(at, at + RECORD_HEADER_SIZE));
        } catch {
          throw this.damaged(key, b, 'has no valid record header where its index says');
        }
        if (
          h.sha256.toString('hex') !== b.sha256 ||
          h.size !== b.size ||
          h.storedSize !== b.storedSize ||
          h.codec !== b.codec ||
          h.crc32 >>> 0 !== b.crc32 >>> 0
        )
          throw this.damaged(key, b, 'has a record header that disagrees with its index');
        const stored = bytes.subarray(
          at + RECORD_HEADER_SIZE,
          at + RECORD_HEADER_SIZE + b.storedSize,
        );
        for (let done = 0; done < stored.length;)
          done += writeSync(fd, stored, done, stored.length - done, b.offset + done);
        const raw = createHash('sha256').update(stored).digest('hex');
        // A known deflate stream of this content needs no inflating; any other is decoded.
        if (!(this.cat.raws.get(b.sha256) ?? []).includes(raw))
          late.push({ id: late.length, ...b, rawDigests: [] });
      }
    } finally {
      closeSync(fd);
    }
    const reader = new PackBlobs(this.packsDir);
    try {
      for (const ref of late)
        await reader.verify(ref).catch((e: unknown) => {
          throw e instanceof EngineError && e.code === 'CORRUPT'
            ? this.damaged(key, ref, 'does not match its hash')
            : e;
        });
    } finally {
      reader.close();
    }
  }

  private damaged(key: string, b: Pick<RemoteBlob, 'sha256'>, why: string): EngineError {
    return new EngineError(
      'CORRUPT',
      `The remote pack ${key} is damaged: blob ${b.sha256.slice(0, 16)}… ${why}.${this.snapshot ? ` Nothing was restored from snapshot ${this.snapshot}.` : ''}`,
      {
        fix: 'Run `modvault remote check NAME --read-data` to see what it affects, then push again from a machine whose store holds the snapshot.',
      },
    );
  }
}
