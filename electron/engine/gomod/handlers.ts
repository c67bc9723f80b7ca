import { jobHandler } from '../jobs/job-handler';
import { abortable } from '../platform/abortable';
import type { JobRunner } from '../jobs/job-runner';
import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from '../toolchain/go-env';
import type { ProjectFinder } from './project-finder';
import type { CacheScanner } from './scanner';
import type { CacheVerifier } from './verifier';

export interface GomodHandlerDeps {
  jobs: JobRunner;
  goEnv: GoEnvService;
  scanner: CacheScanner;
  verifier: CacheVerifier;
  projects: ProjectFinder;
}

export function gomodHandlers(
  d: GomodHandlerDeps,
): HandlerGroup<'cache.scan' | 'cache.verify' | 'projects.find'> {
  return {
    'cache.scan': jobHandler(d.jobs, 'cache.scan', () => ({
      title: 'Scan the module cache',
      run: async (ctx) => {
        ctx.progress({ phase: 'scanning' });
        return d.scanner.scan(await abortable(d.goEnv.gomodcache(), ctx.signal), {
          signal: ctx.signal,
          onProgress: (done, total) => ctx.progress({ done, total }),
        });
      },
    })),
    'cache.verify': jobHandler(d.jobs, 'cache.verify', (req) => ({
      title: req.deep ? 'Verify the module cache (deep)' : 'Verify the module cache',
      run: async (ctx) => {
        return d.verifier.verify(await abortable(d.goEnv.gomodcache(), ctx.signal), {
          deep: req.deep,
          projectDirs: req.projects,
          signal: ctx.signal,
          progress: ctx.progress,
        });
      },
    })),
    'projects.find': jobHandler(d.jobs, 'projects.find', (req) => ({
      title: 'Find Go projects',
      run: async (ctx) => {
        const env = await abortable(d.goEnv.get(), ctx.signal);
        ctx.progress({ phase: 'searching' });
        return d.projects.find(req.roots, {
          maxDepth: req.maxDepth,
          exclude: [env.gomodcache, env.gocache, ...env.gopathList.map((p) => `${p}/pkg`)],
          signal: ctx.signal,
          onProgress: (done) => ctx.progress({ done }),
        });
      },
    })),
  };
}
