import { statSync } from 'node:fs';
import path from 'node:path';
import type { CheckProblem, CheckResult } from '../../../shared/dto/store';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import { snapshotsUsingBlobs } from './affected-snapshots';
import type { StorePaths } from './backup-store';
import { BlobDamage } from './blob-damage';
import { BlobIndex } from './blob-index';
import { fileProblems, knownDamage } from './store-file-checks';
import { listStore } from './store-health';
import type { PackRow } from './blob-index';
import type { Db } from './migrations';

export interface CheckOptions {
  /** Percentage of packs whose data is read back (0: structure only). */
  readData: number;
  /** Record what is found damaged in the index (false for a read-only store). */
  mark: boolean;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  random?: () => number;
}

const HEAL_FIX =
  'Take a snapshot while the module cache still holds the affected versions: it stores them again (check has recorded what is damaged), and the snapshots listed restore completely again.';

/** A check of an index that cannot even be opened. */
export function damagedIndexResult(
  file: string,
  message: string,
  fix: string | undefined,
  started: number,
  now: number,
): CheckResult {
  return {
    ok: false,
    snapshots: 0,
    packs: 0,
    blobs: 0,
    readDataPercent: 0,
    packsRead: 0,
    blobsRead: 0,
    bytesRead: 0,
    problems: [
      {
        kind: 'index-damaged',
        detail: message,
        file,
        snapshots: [],
        severity: 'error',
        ...(fix ? { fix } : {}),
      },
    ],
    durationMs: now - started,
  };
}

/** Picks about `percent` % of the packs (at least one when percent > 0). */
function sample(packs: PackRow[], percent: number, random: () => number): Set<number> {
  if (percent >= 100) return new Set(packs.map((p) => p.id));
  if (percent <= 0 || packs.length === 0) return new Set();
  const n = Math.max(1, Math.round((packs.length * percent) / 100));
  const shuffled = [...packs].sort(() => random() - 0.5);
  return new Set(shuffled.slice(0, n).map((p) => p.id));
}

/**
 * Checks the store: the index's own integrity and references, every pack (present, complete,
 * recognizable) and every blob's record header against the index; with --read-data, a sample
 * (or all) of the packs is read back, decompressed and re-hashed. Read-only: runs alongside a
 * snapshot (packs being written then show up as orphans, which are harmless).
 */
export class StoreChecker {
  constructor(private readonly pool: WorkerPool) {}

  async check(db: Db, paths: StorePaths, opts: CheckOptions): Promise<CheckResult> {
    const started = Date.now();
    const progress = opts.progress ?? (() => {});
    const problems: CheckProblem[] = [];
    progress({ phase: 'index' });
    const integrity = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    for (const row of integrity.filter((r) => r.quick_check !== 'ok').slice(0, 20))
      problems.push({
        kind: 'index-damaged',
        detail: row.quick_check,
        file: paths.index,
        snapshots: [],
        severity: 'error',
      });
    const dangling = db.pragma('foreign_key_check') as {
      table: string;
      rowid: number;
      parent: string;
    }[];
    for (const d of dangling.slice(0, 20))
      problems.push({
        kind: 'dangling-reference',
        detail: `a row of ${d.table} (rowid ${d.rowid}) names a missing ${d.parent} row`,
        file: paths.index,
        snapshots: [],
        severity: 'error',
      });

    const index = new BlobIndex(db);
    const packs = index.packs();
    const damage = new BlobDamage(db, Date.now);
    /** Blobs found damaged by this check (marked when allowed), and blobs found fine. */
    const found = new Map<number, string>();
    const fine: number[] = [];
    const readSet = sample(packs, opts.readData, opts.random ?? Math.random);
    const bytesTotal = packs.reduce((n, p) => n + (readSet.has(p.id) ? p.size : 0), 0);
    let done = 0;
    let bytesRead = 0;
    let blobsRead = 0;
    let blobs = 0;
    progress({
      phase: readSet.size ? 'reading' : 'packs',
      done,
      total: packs.length,
      bytesDone: 0,
      bytesTotal,
    });
    await mapLimit(
      packs,
      this.pool.size * 2,
      async (pack) => {
        const file = path.join(paths.packs, pack.name);
        const indexed = index.blobsInPack(pack.id);
        blobs += indexed.length;
        const size = statSync(file, { throwIfNoEntry: false })?.size;
        const bad = (ids: number[], why: string) => ids.forEach((id) => found.set(id, why));
        if (size === undefined) {
          if (indexed.length === 0) {
            // Everything it held was stored again elsewhere: only its record is left (prune).
            problems.push({
              kind: 'pack-missing',
              detail: `pack ${pack.name} is missing, but no blob needs it any more (prune drops its record)`,
              file,
              snapshots: [],
              severity: 'info',
            });
          } else {
            bad(
              indexed.map((b) => b.id),
              `its pack ${pack.name} is missing`,
            );
            problems.push(
              this.packProblem(
                db,
                'pack-missing',
                `pack ${pack.name} is missing`,
                file,
                indexed.map((b) => b.id),
              ),
            );
          }
        } else {
          // A pack of another size is still read: what lies within it may be intact.
          const cut = indexed.filter((b) => b.offset + b.storedSize > size);
          if (size !== pack.size && cut.length === 0)
            // Whatever it lost was stored again elsewhere: only the record is stale (prune).
            problems.push({
              kind: 'pack-size',
              detail: `pack ${pack.name} has ${size} bytes, the index says ${pack.size}, but no blob needs what is missing any more (prune rewrites it)`,
              file,
              snapshots: [],
              severity: 'info',
            });
          else if (size !== pack.size) {
            bad(
              cut.map((b) => b.id),
              `its pack ${pack.name} is cut short`,
            );
            problems.push(
              this.packProblem(
                db,
                'pack-size',
                `pack ${pack.name} has ${size} bytes, the index says ${pack.size}`,
                file,
                cut.map((b) => b.id),
              ),
            );
          }
          const within = indexed.filter((b) => b.offset + b.storedSize <= size);
          const readData = readSet.has(pack.id);
          const verdict = await this.pool.run(
            'verifyPack',
            { file, blobs: within, readData },
            opts.signal,
          );
          if (verdict.pack) {
            bad(
              within.map((b) => b.id),
              `its pack ${pack.name}: ${verdict.pack}`,
            );
            problems.push(
              this.packProblem(
                db,
                'pack-header',
                `pack ${pack.name}: ${verdict.pack}`,
                file,
                within.map((b) => b.id),
              ),
            );
          }
          for (const b of verdict.bad) {
            // A delta that fails through its base: the damage is the base's (the delta is whole
            // again once the base is healed; see readableBlob).
            found.set(b.base ?? b.id, `in pack ${pack.name}: ${b.detail}`);
            problems.push({
              kind: b.kind,
              detail: `blob ${indexed.find((i) => i.id === b.id)?.sha256.slice(0, 16)}… in pack ${pack.name} ${b.detail}`,
              file,
              snapshots: snapshotsUsingBlobs(db, [b.id]),
              severity: 'error',
              fix: HEAL_FIX,
            });
          }
          if (readData && !verdict.pack) {
            const broken = new Set(verdict.bad.map((b) => b.id));
            fine.push(...within.filter((b) => !broken.has(b.id)).map((b) => b.id));
            bytesRead += verdict.bytesRead;
            blobsRead += indexed.length;
          }
        }
        progress({ done: ++done, bytesDone: bytesRead });
      },
      opts.signal,
    );

    if (opts.mark) {
      // Recorded, the damage makes the next snapshot store the content again (healing).
      for (const [id, why] of found) damage.mark([id], why);
      damage.clear(fine.filter((id) => !found.has(id)));
    }
    problems.push(...knownDamage(db, new Set(found.keys())));
    problems.push(...fileProblems(db, paths, listStore(paths)));
    return {
      ok: problems.every((p) => p.severity === 'info'),
      snapshots: db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number,
      packs: packs.length,
      blobs,
      readDataPercent: opts.readData,
      packsRead: readSet.size,
      blobsRead,
      bytesRead,
      problems,
      durationMs: Date.now() - started,
    };
  }

  private packProblem(
    db: Db,
    kind: CheckProblem['kind'],
    detail: string,
    file: string,
    blobIds: number[],
  ): CheckProblem {
    return {
      kind,
      detail,
      file,
      snapshots: snapshotsUsingBlobs(db, blobIds),
      severity: 'error',
      fix: HEAL_FIX,
    };
  }
}
