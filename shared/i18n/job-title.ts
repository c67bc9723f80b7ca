import type { JobPhase } from '../dto/job-phases';
import { JOB_PHASES } from '../dto/job-phases';
import type { JobInfo } from '../dto/jobs';
import type { MessageKey, Translate } from './catalog';

const TITLES: Partial<Record<string, MessageKey>> = {
  'cache.scan': 'job.title.cache.scan',
  'cache.verify': 'job.title.cache.verify',
  'projects.find': 'job.title.projects.find',
  'gocache.stats': 'job.title.gocache.stats',
  'store.snapshot': 'job.title.store.snapshot',
  'store.forget': 'job.title.store.forget',
  'store.prune': 'job.title.store.prune',
  'store.check': 'job.title.store.check',
  'store.diff': 'job.title.store.diff',
  'store.export': 'job.title.store.export',
  'store.import': 'job.title.store.import',
  'store.repair': 'job.title.store.repair',
  'clean.plan': 'job.title.clean.plan',
  'clean.run': 'job.title.clean.run',
  'quarantine.undo': 'job.title.quarantine.undo',
  'quarantine.purge': 'job.title.quarantine.purge',
  'doctor.run': 'job.title.doctor.run',
  'schedule.run': 'job.title.schedule.run',
  'restore.plan': 'restore.job.plan',
  'restore.run': 'restore.job.run',
  'restore.toolchain': 'restore.job.toolchain',
  'demo.create': 'job.title.demo.create',
  'demo.remove': 'job.title.demo.remove',
  'remote.push': 'job.title.remote.push',
  'remote.restore': 'job.title.remote.restore',
  'remote.restorePlan': 'job.title.remote.restorePlan',
  'remote.snapshots': 'job.title.remote.snapshots',
  'remote.check': 'job.title.remote.check',
  'remote.publish': 'job.title.remote.publish',
  'remote.forget': 'job.title.remote.forget',
  'remote.prune': 'job.title.remote.prune',
};

/** Engine titles that name a variant of a command (a preview, a repair), translated as such. */
const VARIANTS: Partial<Record<string, MessageKey>> = {
  'Snapshot the module and build caches': 'job.title.store.snapshotGocache',
  'Preview which snapshots to forget': 'job.title.store.forgetPreview',
  'Preview what prune would free': 'job.title.store.prunePreview',
  'Find and repair problems': 'job.title.doctor.fix',
};

/** A job's title in the UI language; the engine's English title for commands without one. */
export function jobTitle(t: Translate, job: Pick<JobInfo, 'command' | 'title'>): string {
  const key = VARIANTS[job.title] ?? TITLES[job.command];
  return key ? t(key as 'job.title.cache.scan') : job.title;
}

const PHASES: ReadonlySet<string> = new Set(JOB_PHASES);

/** A job's current phase in the UI language; an unknown one (an older engine's) as written. */
export function jobPhase(t: Translate, phase: string): string {
  return PHASES.has(phase) ? t(`phase.${phase as JobPhase}`) : phase;
}
