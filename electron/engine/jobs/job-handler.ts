import type {
  CommandOutput,
  JobCommandName,
  JobResult,
  ParsedInput,
} from '../../../shared/contract';
import type { Handler } from '../rpc/router';
import type { JobRunner, JobSpec } from './job-runner';

/** Adapts a job factory to a contract handler that answers with the new job's id. */
export function jobHandler<K extends JobCommandName>(
  jobs: JobRunner,
  cmd: K,
  make: (req: ParsedInput<K>) => Omit<JobSpec<JobResult<K>>, 'command'>,
): Handler<K> {
  return (req) => ({ jobId: jobs.start({ command: cmd, ...make(req) }).id }) as CommandOutput<K>;
}
