import path from 'node:path';
import type { CacheLost, WatchedCacheState } from '../../../shared/dto/watch';
import type { AuditLog } from '../clean/audit-log';
import type { BackupStore } from '../store/backup-store';
import { latestOfCache, newestHolding, newestSnapshotTime } from '../store/snapshot-coverage';
import type { ModuleCensus } from './cache-census';
import { moduleCensus } from './cache-census';
import type { CacheMonitor } from './cache-monitor';
import { fromStore, isSharpDrop } from './cache-monitor';
import { auditedRemovals } from './removal-audit';

export interface ModuleCacheMonitorDeps {
  store: BackupStore;
  audit: AuditLog;
}

/** GOMODCACHE: module versions counted from cache/download, compared with the last healthy look. */
export class ModuleCacheMonitor implements CacheMonitor {
  readonly cache = 'gomodcache' as const;
  readonly dirs: readonly string[];
  private reference = new Set<string>();
  private referenceAt = 0;
  private last: ModuleCensus | null = null;
  private checkedAt: number | null = null;

  constructor(
    readonly root: string,
    private readonly d: ModuleCacheMonitorDeps,
  ) {
    this.dirs = [
      path.dirname(root),
      root,
      path.join(root, 'cache'),
      path.join(root, 'cache', 'download'),
    ];
  }

  async init(now: number): Promise<void> {
    // Against the newest snapshot, a cache deleted while nothing watched is noticed at start.
    const snap = await fromStore(this.d.store, (db) => latestOfCache(db, this.root));
    if (snap) {
      this.reference = snap.versions;
      this.referenceAt = snap.time;
      return;
    }
    this.look(now);
    this.rebase(now);
  }

  private look(now: number): ModuleCensus {
    this.last = moduleCensus(this.root);
    this.checkedAt = now;
    return this.last;
  }

  async examine(now: number, thresholdPercent: number): Promise<CacheLost | null> {
    const census = this.look(now);
    const before = this.reference.size;
    let gone = [...this.reference].filter((k) => !census.versions.has(k));
    if (!isSharpDrop(before, gone.length, census.exists, thresholdPercent)) return null;
    const audited = await auditedRemovals(this.d.audit, this.referenceAt);
    if (audited.paths.has(this.root)) return null;
    gone = gone.filter((k) => !audited.versions.has(k));
    if (gone.length === 0 || !isSharpDrop(before, gone.length, census.exists, thresholdPercent))
      return null;
    return {
      cache: this.cache,
      root: this.root,
      reason: census.exists ? 'count-dropped' : 'root-missing',
      before,
      now: census.versions.size,
      gone: gone.length,
      snapshot: await fromStore(this.d.store, (db) => newestHolding(db, this.root, gone)),
      at: now,
    };
  }

  rebase(now: number): void {
    if (!this.last) return;
    this.reference = this.last.versions;
    this.referenceAt = now;
  }

  async resolved(loss: CacheLost, now: number, thresholdPercent: number): Promise<boolean> {
    const census = this.look(now);
    const missing = [...this.reference].filter((k) => !census.versions.has(k)).length;
    const back =
      census.exists && !isSharpDrop(this.reference.size, missing, true, thresholdPercent);
    const accepted =
      !back &&
      ((await fromStore(this.d.store, (db) => newestSnapshotTime(db, this.root))) ?? 0) > loss.at;
    if (back || accepted) this.rebase(now);
    return back || accepted;
  }

  state(events: boolean): WatchedCacheState {
    return {
      cache: this.cache,
      root: this.root,
      exists: this.last?.exists ?? false,
      count: this.last ? this.last.versions.size : null,
      checkedAt: this.checkedAt,
      events,
    };
  }
}
