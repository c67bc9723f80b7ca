import type { JobFinished, JobInfo, JobOutputLine } from '../dto/jobs';
import type { AppError } from '../errors';
import type { SettingsView } from '../dto/settings';
import type { AppStatus } from '../dto/status';
import type { StoreChanged } from '../dto/store';
import type { SchedulesChanged } from '../dto/schedule';
import type { CacheLost } from '../dto/watch';

/** Events the engine pushes to every client. Inbound traffic is commands only. */
export interface EventMap {
  'job.started': JobInfo;
  'job.progress': JobInfo;
  'job.output': JobOutputLine;
  'job.finished': JobFinished;
  'settings.changed': SettingsView;
  'status.changed': AppStatus;
  /** The desktop shell asks the window to show a page (tray menu, notification click). */
  'ui.navigate': { route: string };
  'store.changed': StoreChanged;
  'schedule.changed': SchedulesChanged;
  /** The cache watcher saw a cache root vanish or lose a large part of its versions. */
  'cache-lost': CacheLost;
  /**
   * The desktop shell's link to the engine process (sent by the shell, never by the engine):
   * 'reconnecting' while the engine is restarted, with the error when it cannot start.
   */
  'connection.changed': { state: 'connected' | 'reconnecting'; error: AppError | null };
}

export type EventName = keyof EventMap;

// A record keyed by EventName makes a forgotten event a compile error.
const eventNames: Record<EventName, true> = {
  'job.started': true,
  'job.progress': true,
  'job.output': true,
  'job.finished': true,
  'settings.changed': true,
  'status.changed': true,
  'ui.navigate': true,
  'store.changed': true,
  'schedule.changed': true,
  'cache-lost': true,
  'connection.changed': true,
};

export const EVENT_NAMES = Object.keys(eventNames) as EventName[];
