import { setImmediate } from 'node:timers/promises';
import { SLICE_MS } from '../platform/yielder';
import type { WriteSession } from './backup-store';
import type { KnownRaw } from './blob-index';
import { BlobIndex } from './blob-index';
import type { FaultPoints } from './fault-points';
import type { FileIntents } from './file-intents';
import { packPath } from './file-intents';
import { LruMap } from './lru-map';
import type { Db } from './migrations';
import type { BlobMeta } from './pack-format';
import type { BlobSource, SealedPack } from './pack-writer';
import { PackWriter } from './pack-writer';

/** Blob and stream lookups cached per session (about 150 bytes each). */
const CACHE_ENTRIES = 200_000;

/** Rows that may be committed once every pack up to `needsPack` is durable (0: right away). */
export interface DeferredRows {
  needsPack: number;
  commit(db: Db): void;
}

export interface BlobSinkOptions {
  db: Db;
  index: BlobIndex;
  intents: FileIntents;
  packsDir: string;
  packTargetBytes: number;
  faults: FaultPoints;
  now: () => number;
}

const unknownKeys = (keys: string[], known: (k: string) => boolean) => [
  ...new Set(keys.filter((k) => !known(k))),
];

/**
 * Deduplicated blob storage for one writer session (hashes are hex strings here). New blobs go
 * to packs; each sealed pack's blob rows are committed together with every deferred row whose
 * blobs are now all durable (module versions, stat signatures), so an interrupted session
 * leaves committed, reusable work behind and never a row that names missing data. Each deferred
 * unit is atomic; units are committed in short batches with the event loop getting a turn between:
 * a first snapshot makes tens of thousands of file rows ready at once when a pack seals.
 */
export class BlobSink {
  /** Blobs appended but not committed yet → pack sequence number. */
  private readonly pending = new Map<string, number>();
  /** Committed blob ids and known absences, filled by batched lookups. */
  private readonly ids = new LruMap<string, number>(CACHE_ENTRIES);
  private readonly absent = new LruMap<string, true>(CACHE_ENTRIES);
  /** Zip stream → content facts learned this session, committed with their blob. */
  private readonly pendingRaw = new Map<string, KnownRaw>();
  private deferred: DeferredRows[] = [];
  private readonly writer: PackWriter;
  newBlobs = 0;
  /** Ids of damaged or lost blobs stored again by this session. */
  readonly healed: number[] = [];

  /** A sink for a writer session of the store. */
  static forSession(
    s: WriteSession,
    d: { packTargetBytes: number; faults: FaultPoints; now: () => number },
  ): BlobSink {
    return new BlobSink({
      db: s.db,
      index: new BlobIndex(s.db),
      intents: s.intents,
      packsDir: s.paths.packs,
      ...d,
    });
  }

  constructor(private readonly opts: BlobSinkOptions) {
    this.writer = new PackWriter({
      packsDir: opts.packsDir,
      targetBytes: opts.packTargetBytes,
      faults: opts.faults,
      onOpen: (name) => opts.intents.willCreate(packPath(name)),
      onSealed: (pack) => this.commit(pack),
    });
  }

  get bytesAdded(): number {
    return this.writer.bytesWritten;
  }

  /** Looks many blobs up in one go, so that `where` and `blobId` answer from memory. */
  prefetch(shas: string[]): void {
    const keys = unknownKeys(
      shas,
      (k) =>
        this.pending.has(k) || this.ids.get(k) !== undefined || this.absent.get(k) !== undefined,
    );
    if (keys.length === 0) return;
    const found = this.opts.index.findMany(keys.map((k) => Buffer.from(k, 'hex')));
    for (const k of keys) {
      const id = found.get(k);
      if (id === undefined) this.absent.set(k, true);
      else this.ids.set(k, id);
    }
  }

  /** The pack a blob is in: 0 when committed, null when the store does not have it. */
  where(sha256: string): number | null {
    const seq = this.pending.get(sha256);
    if (seq !== undefined) return seq;
    return this.blobId(sha256) === undefined ? null : 0;
  }

  /** The id of a committed blob. */
  blobId(sha256: string): number | undefined {
    const id = this.ids.get(sha256);
    if (id !== undefined || this.absent.get(sha256)) return id;
    this.prefetch([sha256]);
    return this.ids.get(sha256);
  }

  /** Stores a blob unless the store has it; returns where it is (see `where`). */
  put(meta: BlobMeta, source: BlobSource | (() => BlobSource)): number {
    const key = meta.sha256.toString('hex');
    const known = this.where(key);
    if (known !== null) return known;
    const seq = this.writer.append(meta, typeof source === 'function' ? source() : source);
    this.pending.set(key, seq);
    this.newBlobs++;
    return seq;
  }

  /** Records which content a zip's deflate stream holds (committed with that blob). */
  noteRaw(rawSha256: string, known: KnownRaw): void {
    this.pendingRaw.set(rawSha256, known);
  }

  defer(rows: DeferredRows): void {
    this.deferred.push(rows);
  }

  /** Seals the last pack and commits everything still deferred. */
  async finish(): Promise<void> {
    await this.writer.finish();
    await this.commitReady(Number.MAX_SAFE_INTEGER);
  }

  async abort(): Promise<void> {
    await this.writer.abort();
  }

  private async commit(pack: SealedPack): Promise<void> {
    this.opts.db.transaction(() => {
      const { ids, healed } = this.opts.index.addPack(pack, this.opts.now());
      this.opts.intents.done(packPath(pack.name));
      this.healed.push(...healed);
      pack.blobs.forEach((b, i) => {
        const key = b.sha256.toString('hex');
        this.pending.delete(key);
        this.ids.set(key, ids[i]!);
      });
    })();
    if (await this.commitReady(pack.seq)) this.opts.faults.hit('versions-committed');
  }

  /** Commits what the sealed packs made ready; true when deferred rows were among it. */
  private async commitReady(sealedSeq: number): Promise<boolean> {
    const work: (() => void)[] = [];
    for (const [key, known] of this.pendingRaw) {
      if (this.pending.has(known.sha256)) continue; // its blob is in a pack not sealed yet
      this.pendingRaw.delete(key);
      work.push(() =>
        this.opts.index.addRaw(Buffer.from(key, 'hex'), Buffer.from(known.sha256, 'hex')),
      );
    }
    const ready = this.deferred.filter((d) => d.needsPack <= sealedSeq);
    this.deferred = this.deferred.filter((d) => d.needsPack > sealedSeq);
    const { db } = this.opts;
    for (const d of ready) work.push(() => d.commit(db));
    // Units go in batches of a few milliseconds: one transaction (one fsync) per batch, and
    // the event loop gets its turn before each (the pack's own transaction just ran).
    for (let next = 0; next < work.length;) {
      await setImmediate();
      const until = performance.now() + SLICE_MS;
      db.transaction(() => {
        do work[next++]!();
        while (next < work.length && performance.now() < until);
      })();
    }
    return ready.length > 0;
  }
}
