import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from '../toolchain/go-env';
import type { DemoCache } from './demo-cache';

export interface DemoHandlerDeps {
  jobs: JobRunner;
  demo: DemoCache;
  goEnv: GoEnvService;
  /** Everything shows the cache in use now: the demo one, or the real one again. */
  rescan: () => void;
}

export function demoHandlers(d: DemoHandlerDeps): HandlerGroup<'demo.create' | 'demo.remove'> {
  const switched = async () => {
    await d.goEnv.get(true);
    d.rescan();
  };
  return {
    'demo.create': jobHandler(d.jobs, 'demo.create', () => ({
      title: 'Create the demo cache',
      run: async (ctx) => {
        ctx.progress({ phase: 'writing the demo modules' });
        const info = await d.demo.create(ctx.signal);
        ctx.output(
          `Demo cache at ${info.gomodcache}: ${info.versions} versions of ${info.modules} modules.`,
        );
        await switched();
        return info;
      },
    })),
    'demo.remove': jobHandler(d.jobs, 'demo.remove', () => ({
      title: 'Remove the demo cache',
      run: async (ctx) => {
        ctx.progress({ phase: 'removing the demo cache' });
        const r = await d.demo.remove();
        await switched();
        return r;
      },
    })),
  };
}
