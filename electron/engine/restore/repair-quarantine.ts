import type { CleanExecutor } from '../clean/clean-executor';
import { versionItem } from '../clean/planned-item';
import type { QuarantineRestorer } from '../clean/quarantine-restorer';
import { toAppError } from '../errors';
import type { CacheLayout } from '../gomod/layout';
import { PathGuard } from '../platform/path-guard';
import type { SettingsStore } from '../settings/settings-store';
import type { PlannedVersion } from './restore-planner';

export interface RepairQuarantineDeps {
  cleaner: CleanExecutor;
  restorer: QuarantineRestorer;
  settings: Pick<SettingsStore, 'get'>;
  home: string;
}

export type SetAside = { quarantineId: string | null; error: string | null };

/**
 * What --repair replaces goes to the quarantine first, one quarantine per version: a version
 * whose restore then fails gets its own old files back, and a replaced one can be undone.
 */
export class RepairQuarantine {
  constructor(private readonly d: RepairQuarantineDeps) {}

  async setAside(
    layout: CacheLayout,
    versions: PlannedVersion[],
    gocache: string,
    signal?: AbortSignal,
  ): Promise<Map<PlannedVersion, SetAside>> {
    const out = new Map<PlannedVersion, SetAside>();
    if (versions.length === 0) return out;
    const guard = PathGuard.create([{ label: 'module cache', path: layout.root }], this.d.home);
    const quarantineDir = (await this.d.settings.get()).quarantineDir;
    for (const v of versions) {
      try {
        const r = await this.d.cleaner.execute({
          kind: 'corrupt',
          mode: 'quarantine',
          origin: 'restore --repair',
          roots: { gomodcache: layout.root, gocache },
          targets: [],
          items: [versionItem(layout, v.scanned!, v.reason ?? 'damaged', 'restore/repair')],
          guard,
          quarantineDir,
          backupFirst: false,
          signal,
        });
        out.set(v, {
          quarantineId: r.quarantineId,
          error: r.failed[0]
            ? `could not set the damaged copy aside: ${r.failed[0].message}`
            : null,
        });
      } catch (e) {
        if (toAppError(e).code === 'CANCELED') throw e;
        out.set(v, {
          quarantineId: null,
          error: `could not set the damaged copy aside: ${toAppError(e).message}`,
        });
      }
    }
    return out;
  }

  /** Puts a version's old files back after its restore failed; false if some stay quarantined. */
  async putBack(quarantineId: string): Promise<boolean> {
    const r = await this.d.restorer.undo(quarantineId).catch(() => null);
    return r !== null && r.remaining === 0 && r.conflicts.length === 0;
  }
}
