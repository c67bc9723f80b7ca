import type { JobCommandName } from '../../../../shared/contract';
import type { JobInfo } from '../../../../shared/dto/jobs';

export const JOB_KINDS = ['backup', 'restore', 'cleanup', 'check', 'background'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * What a job is to the user. "background" is the app keeping its pages current (rescans,
 * measurements, previews it computes as you choose): quick, frequent and rarely worth a look.
 * Exhaustive, so a new job command has to be placed.
 */
const KIND: Record<JobCommandName, JobKind> = {
  'store.snapshot': 'backup',
  'schedule.run': 'backup',
  'store.export': 'backup',
  'store.import': 'backup',
  'restore.run': 'restore',
  'restore.toolchain': 'restore',
  'clean.run': 'cleanup',
  'quarantine.undo': 'cleanup',
  'quarantine.purge': 'cleanup',
  'store.forget': 'cleanup',
  'store.prune': 'cleanup',
  'cache.verify': 'check',
  'doctor.run': 'check',
  'store.check': 'check',
  'store.diff': 'check',
  'projects.find': 'check',
  'cache.scan': 'background',
  'gocache.stats': 'background',
  'clean.plan': 'background',
  'restore.plan': 'background',
  'remote.push': 'backup',
  'remote.publish': 'backup',
  'remote.restore': 'restore',
  'remote.forget': 'cleanup',
  'remote.prune': 'cleanup',
  'remote.check': 'check',
  'store.repair': 'check',
  'remote.snapshots': 'background',
  'remote.restorePlan': 'background',
  'demo.create': 'backup',
  'demo.remove': 'cleanup',
};

/** Previews of a command that otherwise changes something (forget, prune) are background too. */
const PREVIEWS = new Set(['job.summary.forgetPreview', 'job.summary.prunePreview']);

export function jobKind(job: Pick<JobInfo, 'command' | 'summary'>): JobKind {
  if (job.summary && PREVIEWS.has(job.summary.key)) return 'background';
  return KIND[job.command as JobCommandName] ?? 'check';
}

/** A row of the list: a job, or a run of background jobs folded into one line. */
export type JobRow = { job: JobInfo } | { folded: JobInfo[] };

/**
 * The jobs a filter shows, newest first. "all" is every job except background ones that went
 * well: those fold into one row per run of them. A failed background job always shows, and so
 * does `keep` (the job the page was opened for).
 */
export function jobRows(
  list: readonly JobInfo[],
  filter: JobKind | 'all',
  keep: string | null,
): JobRow[] {
  const rows: JobRow[] = [];
  for (const job of list) {
    const kind = jobKind(job);
    const shown =
      filter === 'all'
        ? kind !== 'background' || job.status === 'failed' || job.id === keep
        : kind === filter || job.id === keep;
    if (shown) rows.push({ job });
    else if (filter === 'all') {
      const last = rows[rows.length - 1];
      if (last && 'folded' in last) last.folded.push(job);
      else rows.push({ folded: [job] });
    }
  }
  return rows;
}
