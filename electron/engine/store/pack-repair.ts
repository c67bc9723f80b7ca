import { rmSync } from 'node:fs';
import path from 'node:path';
import type { RepairMovedAside } from '../../../shared/dto/store';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import type { WriteSession } from './backup-store';
import { BlobDamage } from './blob-damage';
import { BlobIndex } from './blob-index';
import { BlobReader } from './blob-reader';
import type { FaultPoints } from './fault-points';
import { packPath } from './file-intents';
import type { ScannedBlob } from './pack-scan';
import type { SealedPack } from './pack-writer';
import { PackWriter } from './pack-writer';
import { blobMeta, Codec } from './pack-format';
import { listStore } from './store-health';

export interface PackRepairDeps {
  pool: WorkerPool;
  faults: FaultPoints;
  packTargetBytes: number;
  now: () => number;
  /** Moves a file into the store's damaged/ folder (never deletes it). */
  moveAside: (file: string, reason: string) => RepairMovedAside;
  signal?: AbortSignal;
  progress: (p: ProgressUpdate) => void;
}

export interface PackRepairOutcome {
  packsRead: number;
  packsAdded: number;
  packsSalvaged: number;
  blobsIndexed: number;
  bytesRead: number;
}

/**
 * Puts every pack the index does not know into it, from the packs' own record headers (each
 * blob re-hashed first): a whole pack is added as it is; of a damaged one (or an interrupted
 * write's .pack.tmp) the blobs that read back are copied into a new pack, and the file is
 * moved aside (a .pack.tmp that completed no blob is removed, as any writer would). A blob the index had marked damaged or lost gets the good copy (healed).
 */
export class PackRepair {
  constructor(private readonly d: PackRepairDeps) {}

  async run(s: WriteSession): Promise<PackRepairOutcome> {
    const { db, paths } = s;
    const index = new BlobIndex(db);
    const known = index.packNames();
    const contents = listStore(paths);
    const todo = [...contents.packs.filter((n) => !known.has(n)), ...contents.tmpPacks];
    const out: PackRepairOutcome = {
      packsRead: 0,
      packsAdded: 0,
      packsSalvaged: 0,
      blobsIndexed: 0,
      bytesRead: 0,
    };
    const deltas = new Map<string, string>();
    const index1 = (pack: SealedPack, blobs: ScannedBlob[]) =>
      db.transaction(() => {
        for (const b of blobs) if (b.base) deltas.set(b.sha256, b.base);
        const { ids } = index.addPack(pack, this.d.now());
        s.intents.done(packPath(pack.name));
        blobs.forEach((b) => {
          if (b.codec === Codec.Deflate && b.rawSha256)
            index.addRaw(Buffer.from(b.rawSha256, 'hex'), Buffer.from(b.sha256, 'hex'));
        });
        out.blobsIndexed += ids.length;
      })();
    const salvaged = new Map<string, ScannedBlob>();
    const writer = new PackWriter({
      packsDir: paths.packs,
      targetBytes: this.d.packTargetBytes,
      faults: this.d.faults,
      onOpen: (name) => s.intents.willCreate(packPath(name)),
      onSealed: (pack) =>
        index1(
          pack,
          pack.blobs.map((b) => salvaged.get(b.sha256.toString('hex'))!),
        ),
    });
    this.d.progress({ phase: 'reading unindexed packs', done: 0, total: todo.length });
    const aside: { file: string; reason: string }[] = [];
    try {
      await mapLimit(
        todo,
        this.d.pool.size,
        async (name) => {
          const file = path.join(paths.packs, name);
          const scan = await this.d.pool.run('scanPack', { file }, this.d.signal);
          out.packsRead++;
          out.bytesRead += scan.bytesRead;
          const whole = name.endsWith('.pack') && scan.magic && scan.damaged.length === 0;
          if (name.endsWith('.tmp') && scan.blobs.length === 0) {
            // An interrupted write that completed no blob: removed, as every writer does.
            rmSync(file, { force: true });
          } else if (whole) {
            index1(
              {
                seq: 0,
                name,
                size: scan.size,
                blobs: scan.blobs.map((b) => ({ ...blobMeta(b), offset: b.offset })),
              },
              scan.blobs,
            );
            out.packsAdded++;
          } else {
            for (const b of scan.blobs) {
              if (salvaged.has(b.sha256)) continue;
              salvaged.set(b.sha256, b);
              writer.append(blobMeta(b), { file, offset: b.offset, length: b.storedSize });
            }
            if (scan.blobs.length) out.packsSalvaged++;
            const bad = scan.damaged.reduce((n, r) => n + r.length, 0);
            aside.push({
              file,
              reason: name.endsWith('.tmp')
                ? `left by an interrupted write; its ${scan.blobs.length} complete blobs were copied into a new pack`
                : `${bad} of its ${scan.size} bytes cannot be read${scan.magic ? '' : ' (no pack header)'}; its ${scan.blobs.length} readable blobs were copied into a new pack`,
            });
          }
          this.d.progress({ done: out.packsRead, message: name });
        },
        this.d.signal,
      );
      await writer.finish();
    } catch (e) {
      await writer.abort();
      throw e;
    }
    this.checkDeltas(s, deltas);
    // Only once what could be read is durable in new packs does the original move aside.
    for (const a of aside) this.d.moveAside(a.file, a.reason);
    return out;
  }

  /**
   * The deltas the scans found, once every pack is indexed: linked to the base their bytes name
   * (blob_bases is rebuilt from the packs alone), then decoded through it and checked. One that
   * has no base, or does not decode, is marked damaged: the next snapshot stores it again.
   */
  private checkDeltas(s: WriteSession, deltas: ReadonlyMap<string, string>): void {
    if (deltas.size === 0) return;
    const index = new BlobIndex(s.db);
    const damage = new BlobDamage(s.db, this.d.now);
    const { linked, baseless } = index.linkDeltas(deltas);
    damage.mark(baseless, 'a delta whose base blob no pack holds');
    const reader = new BlobReader(index, s.paths.packs);
    for (const id of linked) {
      try {
        reader.content(id);
      } catch (e) {
        damage.mark(
          [id],
          `a delta that does not decode through its base (${(e as Error).message})`,
        );
      }
    }
  }
}
