import type { HandlerGroup } from '../rpc/router';
import type { JobRunner } from './job-runner';

export function jobHandlers(
  jobs: JobRunner,
): HandlerGroup<'jobs.list' | 'jobs.get' | 'jobs.output' | 'jobs.cancel'> {
  return {
    'jobs.list': () => jobs.list(),
    'jobs.get': (req) => jobs.get(req.id),
    'jobs.output': (req) => jobs.output(req.id),
    'jobs.cancel': (req) => ({ canceled: jobs.cancel(req.id) }),
  };
}
