import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import { CACHE_WRITER_LOCK } from '../jobs/lock-keys';
import type { HandlerGroup } from '../rpc/router';
import type { AuditLog } from './audit-log';
import type { CleanService } from './clean-service';
import type { SettingsStore } from '../settings/settings-store';
import type { QuarantinePurger } from './quarantine-purger';
import type { QuarantineRestorer } from './quarantine-restorer';
import type { QuarantineStore } from './quarantine-store';

export interface CleanHandlerDeps {
  jobs: JobRunner;
  service: CleanService;
  store: QuarantineStore;
  restorer: QuarantineRestorer;
  purger: QuarantinePurger;
  settings: Pick<SettingsStore, 'get'>;
  audit: AuditLog;
}

const WRITER = [CACHE_WRITER_LOCK];

export function cleanHandlers(
  d: CleanHandlerDeps,
): HandlerGroup<
  | 'clean.plan'
  | 'clean.run'
  | 'quarantine.list'
  | 'quarantine.undo'
  | 'quarantine.purge'
  | 'clean.audit'
> {
  return {
    'clean.plan': jobHandler(d.jobs, 'clean.plan', (req) => ({
      title: `Plan: clean ${req.kind}`,
      run: (ctx) => d.service.plan(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'clean.run': jobHandler(d.jobs, 'clean.run', (req) => ({
      title: `Clean ${req.kind}`,
      locks: WRITER,
      run: (ctx) =>
        d.service.run(req, { signal: ctx.signal, progress: ctx.progress, output: ctx.output }),
    })),
    'quarantine.list': async () => d.store.list((await d.settings.get()).quarantineRetentionDays),
    'quarantine.undo': jobHandler(d.jobs, 'quarantine.undo', (req) => ({
      title: `Undo quarantine ${req.id}`,
      locks: WRITER,
      run: (ctx) => d.restorer.undo(req.id, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'quarantine.purge': jobHandler(d.jobs, 'quarantine.purge', (req) => ({
      title: 'Purge old quarantines',
      locks: WRITER,
      run: async (ctx) =>
        d.purger.purge({
          olderThanDays: req.olderThanDays ?? (await d.settings.get()).quarantineRetentionDays,
          ids: req.ids,
          signal: ctx.signal,
        }),
    })),
    'clean.audit': (req) => d.audit.tail(req.limit),
  };
}
