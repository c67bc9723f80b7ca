import type { Migration } from '../migrations';

/**
 * Scheduled backups live in the store they write to, so every process using the store (the
 * desktop app, `modvault daemon`, `modvault ui`) sees the same schedules and their state, and
 * a slot is claimed by one of them only (running_by). Times are epoch milliseconds.
 */
export const schedulesSchema: Migration = {
  version: 2,
  name: 'schedules',
  up(db) {
    db.exec(`
      -- spec and retention are JSON; anchor is where interval slots are counted from
      CREATE TABLE schedules (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        timezone TEXT,
        gocache INTEGER NOT NULL,
        retention TEXT NOT NULL,
        prune INTEGER NOT NULL,
        skip_on_battery INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        paused_until INTEGER,
        anchor INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- done_slot: the latest slot that needs no run any more (backed up, or before the
      -- schedule was set); a later slot that has passed is owed
      CREATE TABLE schedule_state (
        schedule_id TEXT PRIMARY KEY REFERENCES schedules(id) ON DELETE CASCADE,
        done_slot INTEGER NOT NULL,
        last_attempt_at INTEGER,
        last_success_at INTEGER,
        last_error TEXT,
        last_snapshot TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        retry_at INTEGER,
        running_by TEXT,
        running_since INTEGER
      ) WITHOUT ROWID;
    `);
  },
};
