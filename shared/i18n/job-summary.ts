import type { JobCommandName, JobResult } from '../contract';
import type { MessageArgs, MessageKey, Translate } from './catalog';

type SummaryKey = Extract<MessageKey, `job.summary.${string}`>;

/**
 * What a finished job did, in one line: a message and its parameters (numbers and names only),
 * so the engine can keep it with the job and every window word it in its own language.
 */
export type JobSummary = {
  [K in SummaryKey]: { key: K; params: MessageArgs<K>[0] };
}[SummaryKey];

const of = <K extends SummaryKey>(key: K, params: MessageArgs<K>[0]): JobSummary =>
  ({ key, params }) as JobSummary;

/**
 * One summary per job command. The map is exhaustive: a new job command does not compile until
 * it says what its result means.
 */
const SUMMARIES: { [K in JobCommandName]: (r: JobResult<K>) => JobSummary } = {
  'cache.scan': (r) =>
    r.exists
      ? of('job.summary.scan', {
          versions: r.totals.versions,
          bytes: r.totals.zipBytes + r.totals.treeBytes,
        })
      : of('job.summary.scanMissing', undefined),
  'cache.verify': (r) => of('job.summary.verify', { n: r.checked, problems: r.problems.length }),
  'projects.find': (r) => of('job.summary.projects', { n: r.projects.length }),
  'gocache.stats': (r) =>
    r.exists
      ? of('job.summary.gocache', { n: r.actions + r.outputs, bytes: r.bytes })
      : of('job.summary.gocacheMissing', undefined),
  'store.snapshot': (r) => snapshot(r),
  'store.forget': (r) =>
    of(r.dryRun ? 'job.summary.forgetPreview' : 'job.summary.forget', {
      keep: r.keep.length,
      remove: r.remove.length,
    }),
  'store.prune': (r) =>
    of(r.dryRun ? 'job.summary.prunePreview' : 'job.summary.prune', { bytes: r.bytesFreed }),
  'store.check': (r) =>
    of('job.summary.check', { snapshots: r.snapshots, problems: r.problems.length }),
  'store.diff': (r) =>
    of('job.summary.diff', {
      added: r.added.length,
      removed: r.removed.length,
      changed: r.changed.length,
    }),
  'store.export': (r) => of('job.summary.export', { versions: r.versions, bytes: r.bytes }),
  'store.import': (r) => of('job.summary.import', { versions: r.versions }),
  'clean.plan': (r) =>
    of('job.summary.cleanPlan', { n: r.items.length, bytes: r.bytesReclaimable }),
  'clean.run': (r) =>
    of(r.mode === 'delete' ? 'job.summary.cleanDeleted' : 'job.summary.cleanMoved', {
      n: r.items.length - r.failed.length,
      bytes: r.bytesFreed,
      failed: r.failed.length,
    }),
  'quarantine.undo': (r) =>
    of('job.summary.undo', { n: r.restored, conflicts: r.conflicts.length }),
  'quarantine.purge': (r) => of('job.summary.purge', { bytes: r.bytesFreed }),
  'doctor.run': (r) =>
    r.fixes.length > 0
      ? of('job.summary.doctorFixed', {
          fixed: r.fixes.filter((f) => f.ok).length,
          left: (r.remaining ?? []).length,
        })
      : of('job.summary.doctor', { errors: r.counts.error, warnings: r.counts.warning }),
  'schedule.run': (r) => snapshot(r.snapshot),
  'restore.plan': (r) => of('job.summary.restorePlan', { n: r.toRestore, bytes: r.bytesToWrite }),
  'restore.run': (r) => restore(r),
  'restore.toolchain': (r) =>
    of('job.summary.toolchain', { served: r.served, exitCode: r.exitCode }),
  'store.repair': (r) =>
    of(r.rebuilt ? 'job.summary.repairRebuilt' : 'job.summary.repairChecked', {
      snapshots: r.snapshots,
      damaged: r.blobsDamaged,
    }),
  'remote.check': (r) =>
    of('job.summary.check', { snapshots: r.snapshots, problems: r.problems.length }),
  'remote.snapshots': (r) =>
    r.repository
      ? of('job.summary.remoteSnapshots', { n: r.snapshots.length })
      : of('job.summary.remoteEmpty', undefined),
  'remote.push': (r) => of('job.summary.push', { n: r.pushed.length, bytes: r.bytesUploaded }),
  'remote.restorePlan': (r) =>
    of('job.summary.restorePlan', { n: r.toRestore, bytes: r.bytesToWrite }),
  'remote.restore': (r) => restore(r),
  'remote.publish': (r) =>
    of('job.summary.publish', { versions: r.versions, bytes: r.bytesUploaded }),
  'remote.forget': (r) =>
    of(r.dryRun ? 'job.summary.forgetPreview' : 'job.summary.forget', {
      keep: r.keep.length,
      remove: r.remove.length,
    }),
  'remote.prune': (r) =>
    of(r.dryRun ? 'job.summary.prunePreview' : 'job.summary.prune', { bytes: r.bytesFreed }),
  'demo.create': (r) => of('job.summary.demo', { versions: r.versions }),
  'demo.remove': (r) =>
    of(r.removed ? 'job.summary.demoRemoved' : 'job.summary.demoNone', undefined),
};

function restore(r: JobResult<'restore.run'>): JobSummary {
  return of(r.dryRun ? 'job.summary.restorePlan' : 'job.summary.restore', {
    n: r.dryRun ? r.plan.toRestore : r.restored,
    bytes: r.dryRun ? r.plan.bytesToWrite : r.bytesWritten,
  });
}

function snapshot(r: JobResult<'store.snapshot'>): JobSummary {
  return of('job.summary.snapshot', {
    versions: r.versions,
    fresh: r.newVersions,
    bytes: r.bytesAdded,
  });
}

/** The summary of a job that succeeded, or null for a command without one (or a bad result). */
export function summarizeJob(command: string, result: unknown): JobSummary | null {
  const fn = (SUMMARIES as Record<string, ((r: unknown) => JobSummary) | undefined>)[command];
  if (!fn || result === null || typeof result !== 'object') return null;
  try {
    return fn(result);
  } catch {
    // A result of another shape (an older engine): no summary rather than a broken job list.
    return null;
  }
}

/** The summary in the UI language. */
export function jobSummaryText(t: Translate, summary: JobSummary): string {
  return (t as (key: string, params: unknown) => string)(summary.key, summary.params);
}
