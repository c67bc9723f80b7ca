import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckProblem, CheckResult } from '../../../shared/dto/store';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import { snapshotsUsingBlobs } from './affected-snapshots';
import type { StorePaths } from './backup-store';
import { BlobIndex } from './blob-index';
import type { PackRow } from './blob-index';
import type { Db } from './migrations';

export interface CheckOptions {
  /** Percentage of packs whose data is read back (0: structure only). */
  readData: number;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  random?: () => number;
}

/** A check of an index that cannot even be opened. */
export function damagedIndexResult(
  file: string,
  message: string,
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
    problems: [{ kind: 'index-damaged', detail: message, file, snapshots: [], severity: 'error' }],
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
        if (size === undefined) {
          problems.push(
            this.packProblem(
              db,
              'pack-missing',
              `pack ${pack.name} is missing`,
              file,
              indexed.map((b) => b.id),
            ),
          );
        } else if (size !== pack.size) {
          problems.push(
            this.packProblem(
              db,
              'pack-size',
              `pack ${pack.name} has ${size} bytes, the index says ${pack.size}`,
              file,
              indexed.map((b) => b.id),
            ),
          );
        } else {
          const readData = readSet.has(pack.id);
          const verdict = await this.pool.run(
            'verifyPack',
            { file, blobs: indexed, readData },
            opts.signal,
          );
          if (verdict.pack)
            problems.push(
              this.packProblem(
                db,
                'pack-header',
                `pack ${pack.name}: ${verdict.pack}`,
                file,
                indexed.map((b) => b.id),
              ),
            );
          for (const bad of verdict.bad)
            problems.push({
              kind: bad.kind,
              detail: `blob ${indexed.find((b) => b.id === bad.id)?.sha256.slice(0, 16)}… in pack ${pack.name} ${bad.detail}`,
              file,
              snapshots: snapshotsUsingBlobs(db, [bad.id]),
              severity: 'error',
            });
          if (readData) {
            bytesRead += verdict.bytesRead;
            blobsRead += indexed.length;
          }
        }
        progress({ done: ++done, bytesDone: bytesRead });
      },
      opts.signal,
    );

    const known = new Set(packs.map((p) => p.name));
    for (const name of readdirSync(paths.packs))
      if (!known.has(name))
        problems.push({
          kind: 'orphan-pack',
          detail: `${name} is not in the index (left by an interrupted write; the next snapshot removes it)`,
          file: path.join(paths.packs, name),
          snapshots: [],
          severity: 'info',
        });
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
    return { kind, detail, file, snapshots: snapshotsUsingBlobs(db, blobIds), severity: 'error' };
  }
}
