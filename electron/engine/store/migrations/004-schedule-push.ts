import type { Migration } from '../migrations';

/** A schedule may push each new snapshot to a remote (by the remote's name on this machine). */
export const schedulePushSchema: Migration = {
  version: 4,
  name: 'schedule-push',
  up(db) {
    db.exec('ALTER TABLE schedules ADD COLUMN push_to TEXT');
  },
};
