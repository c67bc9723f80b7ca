import type { PurgeResult } from '../../../shared/dto/clean';
import { PathGuard } from '../platform/path-guard';
import type { TreeOps } from '../platform/tree-ops';
import type { AuditLog } from './audit-log';
import { readJournal } from './quarantine-part';
import type { QuarantineStore } from './quarantine-store';
import { DAY_MS } from './quarantine-store';

export interface PurgeOptions {
  olderThanDays: number;
  /** Purge exactly these, whatever their age. */
  ids?: string[];
  signal?: AbortSignal;
}

/** Deletes quarantines for good: those older than the retention period, or the ones named. */
export class QuarantinePurger {
  constructor(
    private readonly store: QuarantineStore,
    private readonly trees: TreeOps,
    private readonly audit: AuditLog,
    private readonly home: string,
    private readonly now: () => number,
  ) {}

  async purge(opts: PurgeOptions): Promise<PurgeResult> {
    const parts = await this.store.parts();
    if (opts.ids) for (const id of opts.ids) await this.store.find(id);
    const cutoff = this.now() - opts.olderThanDays * DAY_MS;
    const chosen = parts.filter((p) =>
      opts.ids ? opts.ids.includes(p.manifest.id) : p.manifest.createdAt <= cutoff,
    );
    const bytesById = new Map<string, number>();
    for (const part of chosen) {
      if (opts.signal?.aborted) break;
      // Only what lies inside a known quarantine folder is ever deleted.
      const guard = PathGuard.create(
        [{ label: 'quarantine folder', path: part.folder }],
        this.home,
      );
      guard.check(part.dir);
      const journal = await readJournal(part.dir);
      const { bytes } = await this.trees.remove(part.dir);
      bytesById.set(part.manifest.id, (bytesById.get(part.manifest.id) ?? 0) + bytes);
      await this.audit.append(
        journal.map((i) => ({
          action: 'purge' as const,
          rule: opts.ids ? 'purge/by-id' : `purge/older-than-${opts.olderThanDays}d`,
          path: i.path,
          version: i.version,
          bytes: i.bytes,
          undo: null,
          ok: true,
        })),
      );
    }
    const purged = [...bytesById].map(([id, bytes]) => ({ id, bytes }));
    const keptIds = new Set(parts.map((p) => p.manifest.id).filter((id) => !bytesById.has(id)));
    return { purged, bytesFreed: purged.reduce((n, p) => n + p.bytes, 0), kept: keptIds.size };
  }
}
