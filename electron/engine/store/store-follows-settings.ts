import type { JobRunner } from '../jobs/job-runner';
import type { EventBus } from '../rpc/event-bus';
import type { BackupStore } from './backup-store';

/**
 * Moves the backup store when the settings name another folder — between jobs, never under
 * one: a running job keeps the store it started with; the switch happens when the last job ends.
 */
export function followStoreSetting(
  store: BackupStore,
  events: EventBus,
  jobs: JobRunner,
): () => void {
  let pending = false;
  const apply = () => {
    pending = jobs.active().length > 0;
    if (!pending) store.relocate();
  };
  const offs = [
    events.on('settings.changed', apply),
    events.on('job.finished', () => {
      if (pending) apply();
    }),
  ];
  return () => offs.forEach((off) => off());
}
