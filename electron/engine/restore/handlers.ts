import path from 'node:path';
import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import { CACHE_WRITER_LOCK, storeLockKey } from '../jobs/lock-keys';
import type { HandlerGroup } from '../rpc/router';
import type { BackupStore } from '../store/backup-store';
import type { GoEnvService } from '../toolchain/go-env';
import type { RestoreService } from './restore-service';
import type { ToolchainRestore } from './toolchain-restore';

export interface RestoreHandlerDeps {
  jobs: JobRunner;
  store: BackupStore;
  goEnv: GoEnvService;
  service: RestoreService;
  toolchain: ToolchainRestore;
}

export function restoreHandlers(
  d: RestoreHandlerDeps,
): HandlerGroup<'restore.plan' | 'restore.run' | 'restore.toolchain'> {
  // A restore writes the cache (one cache writer at a time) and reads packs an in-app prune
  // could rewrite meanwhile.
  const writer = () => [CACHE_WRITER_LOCK, storeLockKey(d.store.paths().dir)];
  return {
    'restore.plan': jobHandler(d.jobs, 'restore.plan', (req) => ({
      title: `Plan a restore from snapshot ${req.snapshot}`,
      run: (ctx) => d.service.plan(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'restore.run': jobHandler(d.jobs, 'restore.run', (req) => ({
      title: `Restore from snapshot ${req.snapshot} (${req.mode})`,
      locks: writer(),
      run: (ctx) =>
        d.service.run(req, { signal: ctx.signal, progress: ctx.progress, output: ctx.output }),
    })),
    'restore.toolchain': jobHandler(d.jobs, 'restore.toolchain', (req) => ({
      title: `Restore ${path.basename(req.project)} through go mod download`,
      locks: writer(),
      run: async (ctx) => {
        const live = await d.goEnv.gomodcache();
        d.service.checkTarget(req.target ?? live);
        return d.toolchain.run(
          {
            snapshot: req.snapshot,
            project: req.project,
            gomodcache: req.target ?? live,
            live: req.target === undefined || path.resolve(req.target) === path.resolve(live),
          },
          { signal: ctx.signal, progress: ctx.progress, output: ctx.output },
        );
      },
    })),
  };
}
