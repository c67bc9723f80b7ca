import path from 'node:path';
import type { CacheLost, WatchedCacheState } from '../../../shared/dto/watch';
import type { AuditLog } from '../clean/audit-log';
import type { BackupStore } from '../store/backup-store';
import { newestWithBuildCache } from '../store/snapshot-coverage';
import type { BuildCensus } from './cache-census';
import { buildCacheEntries, buildCensus } from './cache-census';
import type { CacheMonitor } from './cache-monitor';
import { fromStore, isSharpDrop } from './cache-monitor';
import { auditedRemovals } from './removal-audit';

/** Counting every entry of a large build cache costs; the count only sizes the alarm. */
const ENTRY_COUNT_EVERY_MS = 10 * 60_000;

export interface BuildCacheMonitorDeps {
  store: BackupStore;
  audit: AuditLog;
}

/**
 * GOCACHE: its 00…ff folders. Go's own trim removes old entries but never these folders, so
 * only their disappearance (`go clean -cache`, a deleted cache) counts as a loss.
 */
export class BuildCacheMonitor implements CacheMonitor {
  readonly cache = 'gocache' as const;
  readonly dirs: readonly string[];
  private reference = { dirs: 0, entries: 0 };
  private referenceAt = 0;
  private entriesAt = -Infinity;
  private last: BuildCensus | null = null;
  private checkedAt: number | null = null;

  constructor(
    readonly root: string,
    private readonly d: BuildCacheMonitorDeps,
  ) {
    this.dirs = [path.dirname(root), root];
  }

  async init(now: number): Promise<void> {
    const census = this.look(now);
    if (census.exists) return this.rebase(now);
    // Gone already: it is a loss if a snapshot holds it (deleted while nothing watched).
    const snap = await fromStore(this.d.store, (db) => newestWithBuildCache(db, this.root));
    if (snap) {
      this.reference = { dirs: 1, entries: snap.has };
      this.referenceAt = snap.time;
    }
  }

  private look(now: number): BuildCensus {
    this.last = buildCensus(this.root);
    this.checkedAt = now;
    return this.last;
  }

  async examine(now: number, thresholdPercent: number): Promise<CacheLost | null> {
    const census = this.look(now);
    const before = this.reference.dirs;
    if (!isSharpDrop(before, before - census.dirs, census.exists, thresholdPercent)) return null;
    const audited = await auditedRemovals(this.d.audit, this.referenceAt);
    if (audited.paths.has(this.root)) return null;
    const left = census.exists ? buildCacheEntries(this.root) : 0;
    return {
      cache: this.cache,
      root: this.root,
      reason: census.exists ? 'count-dropped' : 'root-missing',
      before: this.reference.entries,
      now: left,
      gone: Math.max(0, this.reference.entries - left),
      snapshot: await fromStore(this.d.store, (db) => newestWithBuildCache(db, this.root)),
      at: now,
    };
  }

  rebase(now: number): void {
    if (!this.last?.exists) return;
    let entries = this.reference.entries;
    if (now - this.entriesAt >= ENTRY_COUNT_EVERY_MS) {
      entries = buildCacheEntries(this.root);
      this.entriesAt = now;
    }
    this.reference = { dirs: this.last.dirs, entries };
    this.referenceAt = now;
  }

  async resolved(loss: CacheLost, now: number, thresholdPercent: number): Promise<boolean> {
    const census = this.look(now);
    const back =
      census.exists &&
      !isSharpDrop(this.reference.dirs, this.reference.dirs - census.dirs, true, thresholdPercent);
    const newest = back
      ? null
      : await fromStore(this.d.store, (db) => newestWithBuildCache(db, this.root));
    const accepted = (newest?.time ?? 0) > loss.at;
    if (back || accepted) {
      this.entriesAt = -Infinity;
      this.rebase(now);
    }
    return back || accepted;
  }

  state(events: boolean): WatchedCacheState {
    return {
      cache: this.cache,
      root: this.root,
      exists: this.last?.exists ?? false,
      count: this.last?.exists ? this.reference.entries : null,
      checkedAt: this.checkedAt,
      events,
    };
  }
}
