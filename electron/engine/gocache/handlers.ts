import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from '../toolchain/go-env';
import type { BuildCacheStatsReader } from './build-cache-stats';

export interface GocacheHandlerDeps {
  jobs: JobRunner;
  goEnv: GoEnvService;
  stats: BuildCacheStatsReader;
}

export function gocacheHandlers(d: GocacheHandlerDeps): HandlerGroup<'gocache.stats'> {
  return {
    'gocache.stats': jobHandler(d.jobs, 'gocache.stats', () => ({
      title: 'Measure the build cache',
      run: async (ctx) => {
        ctx.progress({ phase: 'measuring' });
        return d.stats.read(await d.goEnv.gocache(), {
          signal: ctx.signal,
          onProgress: (done, total) => ctx.progress({ done, total }),
        });
      },
    })),
  };
}
