import type { BackupFirstPort } from '../clean/backup-port';
import type { EventBus } from '../rpc/event-bus';
import type { GoEnvService } from '../toolchain/go-env';
import type { BackupStore } from './backup-store';
import type { CacheLister } from './cache-lister';
import { cacheSource } from './snapshot-source';
import type { SnapshotWriter } from './snapshot-writer';

export interface StoreBackupFirstDeps {
  store: BackupStore;
  snapshots: SnapshotWriter;
  lister: CacheLister;
  goEnv: GoEnvService;
  events: EventBus;
}

/**
 * "Back up first" for cleanup: a snapshot of the whole module cache (and of the build cache when
 * its entries are about to go). A snapshot only reads what the store does not hold yet, so
 * snapshotting everything costs no more than the versions about to go — and it is a normal
 * snapshot, listed, restorable and subject to retention like any other.
 */
export class StoreBackupFirst implements BackupFirstPort {
  constructor(private readonly d: StoreBackupFirstDeps) {}

  async backupBeforeClean(req: Parameters<BackupFirstPort['backupBeforeClean']>[0]) {
    const env = req.gocache ? await this.d.goEnv.get() : null;
    const result = await this.d.snapshots.run({
      source: cacheSource(this.d.lister, req.gomodcache),
      sumdbDir: (await this.d.goEnv.sumdbDir()) || null,
      gocache:
        req.gocache && env
          ? {
              dir: req.gocache,
              goVersion: env.vars.GOVERSION ?? '',
              goos: env.vars.GOOS ?? '',
              goarch: env.vars.GOARCH ?? '',
            }
          : null,
      signal: req.signal,
      progress: req.progress,
    });
    this.d.events.emit('store.changed', {
      store: this.d.store.paths().dir,
      reason: 'snapshot',
      snapshot: result.id,
    });
    return { snapshotId: result.id };
  }
}
