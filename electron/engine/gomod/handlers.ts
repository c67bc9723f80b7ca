import { PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import { jobHandler } from '../jobs/job-handler';
import { abortable } from '../platform/abortable';
import type { JobRunner } from '../jobs/job-runner';
import type { HandlerGroup } from '../rpc/router';
import type { CacheAbsenceLookup } from '../status/cache-absence';
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
  /** Says why a missing cache is missing (deleted, or never there). */
  absence?: CacheAbsenceLookup;
}

export function gomodHandlers(
  d: GomodHandlerDeps,
): HandlerGroup<'cache.scan' | 'cache.verify' | 'projects.find'> {
  return {
    'cache.scan': jobHandler(d.jobs, 'cache.scan', () => ({
      title: 'Scan the module cache',
      run: async (ctx) => {
        ctx.progress({ phase: 'scanning' });
        const report = await d.scanner.scan(await abortable(d.goEnv.gomodcache(), ctx.signal), {
          signal: ctx.signal,
          onProgress: (done, total) => ctx.progress({ done, total }),
        });
        if (!report.exists) report.absence = (await d.absence?.of(report.gomodcache)) ?? null;
        return report;
      },
    })),
    'cache.verify': jobHandler(d.jobs, 'cache.verify', (req) => ({
      title: req.deep ? 'Verify the module cache (deep)' : 'Verify the module cache',
      run: async (ctx) => {
        const report = await d.verifier.verify(await abortable(d.goEnv.gomodcache(), ctx.signal), {
          deep: req.deep,
          projectDirs: req.projects,
          signal: ctx.signal,
          progress: ctx.progress,
        });
        if (!report.exists) report.absence = (await d.absence?.of(report.gomodcache)) ?? null;
        // The findings as log lines, for the Activity page and anyone reading the job later.
        for (const p of report.problems)
          ctx.output(
            `${p.kind}: ${p.version ? `${p.path}@${p.version}` : p.path}: ${p.detail}`,
            PROBLEM_SEVERITY[p.kind] === 'error' ? 'stderr' : 'info',
          );
        ctx.output(
          `Checked ${report.checked} versions in ${report.gomodcache}: ${report.problems.length} problem(s).`,
        );
        return report;
      },
    })),
    'projects.find': jobHandler(d.jobs, 'projects.find', (req) => ({
      title: 'Find Go projects',
      run: async (ctx) => {
        const env = await abortable(d.goEnv.get(), ctx.signal);
        ctx.progress({ phase: 'searching' });
        const report = await d.projects.find(req.roots, {
          maxDepth: req.maxDepth,
          exclude: [env.gomodcache, env.gocache, ...env.gopathList.map((p) => `${p}/pkg`)],
          signal: ctx.signal,
          onProgress: (done) => ctx.progress({ done }),
        });
        for (const p of report.projects) ctx.output(`${p.module ?? '(no module line)'}  ${p.dir}`);
        for (const s of report.skipped) ctx.output(`skipped ${s.path}: ${s.reason}`, 'stderr');
        return report;
      },
    })),
  };
}
