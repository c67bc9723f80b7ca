import type { AppError } from '../errors';
import type { JobSummary } from '../i18n/job-summary';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

export interface JobProgress {
  /** Short machine-readable name of the current step, e.g. "hashing". */
  phase: string;
  done: number;
  total: number | null;
  bytesDone: number;
  bytesTotal: number | null;
  /** Estimated time left, from the recent rate; null until it can be estimated. */
  etaMs: number | null;
  message: string | null;
}

export interface JobInfo {
  id: string;
  /** The contract command that started the job. */
  command: string;
  title: string;
  status: JobStatus;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  progress: JobProgress;
  error: AppError | null;
  /** What a job that succeeded did, in one line (see shared/i18n/job-summary.ts). */
  summary?: JobSummary | null;
}

export interface JobStarted {
  jobId: string;
}

export interface JobOutputLine {
  jobId: string;
  stream: 'stdout' | 'stderr' | 'info';
  line: string;
  time: number;
}

export interface JobFinished {
  job: JobInfo;
  result: unknown;
}
