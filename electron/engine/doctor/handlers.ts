import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import { CACHE_WRITER_LOCK } from '../jobs/lock-keys';
import type { HandlerGroup } from '../rpc/router';
import type { DoctorService } from './doctor-service';

export function doctorHandlers(jobs: JobRunner, doctor: DoctorService): HandlerGroup<'doctor.run'> {
  return {
    'doctor.run': jobHandler(jobs, 'doctor.run', (req) => ({
      title: req.fix ? 'Find and repair problems' : 'Check for problems',
      // Repairs write to the cache: one writer at a time, like cleanup.
      locks: req.fix ? [CACHE_WRITER_LOCK] : undefined,
      run: (ctx) =>
        doctor.run(req, { signal: ctx.signal, progress: ctx.progress, output: ctx.output }),
    })),
  };
}
