import type { EngineClient } from '../../../shared/client';
import type { EventBus } from '../rpc/event-bus';

/** Jobs that change the module cache: what the health shows must follow them at once. */
const CHANGES_CACHE = new Set([
  'clean.run',
  'quarantine.undo',
  'restore.run',
  'restore.toolchain',
  'doctor.run',
]);

/**
 * After a repair, a cleanup, an undo or a restore, the engine scans the cache again: the
 * health (dashboard, sidebar, Modules, tray) follows even with no window open, and the findings
 * the change repaired are dropped (see stillHolds in health.ts). Returns the unsubscribe.
 */
export function rescanAfterChanges(events: EventBus, client: EngineClient): () => void {
  return events.on('job.finished', ({ job, result }) => {
    if (job.status !== 'succeeded' || !CHANGES_CACHE.has(job.command)) return;
    // A doctor run that repaired nothing changed nothing.
    if (job.command === 'doctor.run' && !(result as { fixes?: unknown[] }).fixes?.length) return;
    void client.call('cache.scan', {}).catch(() => {});
  });
}
