import { z } from 'zod';
import type { GoEnvReport } from '../dto/env';
import type { ScanReport, VerifyReport } from '../dto/cache';
import type { ProjectScanReport } from '../dto/projects';
import type { JobInfo, JobOutputLine } from '../dto/jobs';
import { job, query } from './define';
import { empty, jobId, pathList } from './schemas';

/** Foundation commands: Go environment, cache inventory and verification, projects, jobs. */
export const coreCommands = {
  'env.get': query<GoEnvReport>()(z.object({ refresh: z.boolean().optional() }).strict()),
  'cache.scan': job<ScanReport>()(empty),
  'cache.verify': job<VerifyReport>()(
    z.object({ deep: z.boolean().default(false), projects: pathList.default([]) }).strict(),
  ),
  'projects.find': job<ProjectScanReport>()(
    z
      .object({ roots: pathList.min(1), maxDepth: z.number().int().min(1).max(32).optional() })
      .strict(),
  ),
  'jobs.list': query<JobInfo[]>()(empty),
  'jobs.get': query<JobInfo>()(z.object({ id: jobId }).strict()),
  'jobs.output': query<JobOutputLine[]>()(z.object({ id: jobId }).strict()),
  'jobs.cancel': query<{ canceled: boolean }>()(z.object({ id: jobId }).strict()),
};
