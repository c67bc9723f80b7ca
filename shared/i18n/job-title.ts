import type { JobInfo } from '../dto/jobs';
import type { MessageKey, Translate } from './catalog';

const TITLES: Partial<Record<string, MessageKey>> = {
  'cache.scan': 'job.title.cache.scan',
  'cache.verify': 'job.title.cache.verify',
  'projects.find': 'job.title.projects.find',
  'gocache.stats': 'job.title.gocache.stats',
  'restore.plan': 'restore.job.plan',
  'restore.run': 'restore.job.run',
  'restore.toolchain': 'restore.job.toolchain',
};

/** A job's title in the UI language; the engine's English title for commands without one. */
export function jobTitle(t: Translate, job: Pick<JobInfo, 'command' | 'title'>): string {
  const key = TITLES[job.command];
  return key ? t(key as 'job.title.cache.scan') : job.title;
}
