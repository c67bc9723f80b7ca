import type BetterSqlite3 from 'better-sqlite3';
import { EngineError } from '../errors';
import { initialSchema } from './migrations/001-initial';
import { schedulesSchema } from './migrations/002-schedules';
import { selfDescribingSchema } from './migrations/003-self-describing';
import { schedulePushSchema } from './migrations/004-schedule-push';
import { diskBytesSchema } from './migrations/005-disk-bytes';
import { deltaBasesSchema } from './migrations/006-delta-bases';

export type Db = BetterSqlite3.Database;

/**
 * One schema change. Versions are consecutive integers kept in PRAGMA user_version; a feature
 * that needs tables of its own (schedules, restore history…) adds a file in migrations/ and a
 * line below. Applied migrations are never edited: a change is a new migration.
 */
export interface Migration {
  version: number;
  name: string;
  /**
   * Rebuilds a table others reference (SQLite's way to change a column): foreign keys are off
   * while it runs (they cannot be switched inside a transaction) and checked before it commits.
   */
  rebuildsTables?: readonly string[];
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  schedulesSchema,
  selfDescribingSchema,
  schedulePushSchema,
  diskBytesSchema,
  deltaBasesSchema,
];

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a store written by a newer ModVault before anything reads or changes it. */
export function assertKnownVersion(
  db: Db,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new EngineError(
      'UNSUPPORTED',
      `The store index ${file} was written by a newer ModVault (schema ${current}; this version knows up to ${latest}).`,
      {
        path: file,
        fix: 'Upgrade ModVault to use this store, or choose another store with --store.',
      },
    );
  }
  return current;
}

/** Brings the schema up to date, one transaction per migration; returns the versions applied. */
export function migrate(db: Db, file: string, migrations = MIGRATIONS): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const applied: number[] = [];
  const current = assertKnownVersion(db, file, migrations);
  for (const m of migrations) {
    if (m.version <= current) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Another process may have migrated since the version was read: check again under the lock.
      const ran = db
        .transaction(() => {
          if (schemaVersion(db) >= m.version) return false;
          m.up(db);
          for (const table of m.rebuildsTables ?? [])
            if ((db.pragma(`foreign_key_check(${table})`) as unknown[]).length > 0)
              throw new Error(`migration ${m.name} left rows of ${table} that break a foreign key`);
          db.pragma(`user_version = ${m.version}`);
          return true;
        })
        .immediate();
      if (ran) applied.push(m.version);
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return applied;
}
