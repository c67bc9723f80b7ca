import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Migration } from '../../../electron/engine/store/migrations';
import {
  latestVersion,
  migrate,
  MIGRATIONS,
  schemaVersion,
} from '../../../electron/engine/store/migrations';
import { openIndex } from '../../../electron/engine/store/store-db';
import { removeTree, tempDir } from '../../helpers/temp';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTree(d);
});

async function dbFile(): Promise<string> {
  const dir = await tempDir('modvault-mig-');
  dirs.push(dir);
  return path.join(dir, 'index.sqlite');
}

const tables = (db: Db) =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[]
  ).filter((n) => !n.startsWith('sqlite_'));

describe('store schema migrations', () => {
  it('creates every table of the store in an empty file', async () => {
    const file = await dbFile();
    const db = await openIndex(file, true);
    expect(schemaVersion(db)).toBe(latestVersion());
    expect(tables(db)).toEqual([
      'blob_bases',
      'blobs',
      'damaged_blobs',
      'file_intents',
      'file_set_items',
      'file_sets',
      'file_sources',
      'module_versions',
      'packs',
      'raw_digests',
      'schedule_state',
      'schedules',
      'snapshots',
      'store_meta',
      'version_files',
      'version_set_items',
      'version_sets',
      'version_sources',
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Foreign keys hold: a blob must live in a pack.
    expect(() =>
      db
        .prepare(
          'INSERT INTO blobs (sha256, size, crc32, codec, pack_id, offset, stored_size) VALUES (?, 1, 0, 0, 42, 8, 1)',
        )
        .run(Buffer.alloc(32)),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('applies each migration once, in order, and records the version', async () => {
    const file = await dbFile();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test-extra',
      up: (db) => db.exec('CREATE TABLE test_extra (id INTEGER PRIMARY KEY, note TEXT NOT NULL)'),
    };
    const db = new Database(file) as Db;
    expect(migrate(db, file)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, file)).toEqual([]);
    expect(migrate(db, file, [...MIGRATIONS, extra])).toEqual([extra.version]);
    expect(tables(db)).toContain('test_extra');
    expect(schemaVersion(db)).toBe(extra.version);
    // A migration whose version breaks the sequence is a programming error.
    expect(() => migrate(db, file, [...MIGRATIONS, { ...extra, version: 99 }])).toThrow(/expected/);
    db.close();
  });

  it('002-schedules upgrades a store made before schedules existed, keeping what it holds', async () => {
    const file = await dbFile();
    const db = new Database(file) as Db;
    migrate(db, file, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO store_meta (key, value) VALUES ('format', 'modvault-store-1')").run();
    expect(tables(db)).not.toContain('schedules');
    expect(migrate(db, file, MIGRATIONS.slice(0, 2))).toEqual([2]);
    expect(db.prepare("SELECT value FROM store_meta WHERE key = 'format'").pluck().get()).toBe(
      'modvault-store-1',
    );
    db.pragma('foreign_keys = ON');
    db.prepare(
      `INSERT INTO schedules (id, name, spec, timezone, gocache, retention, prune, skip_on_battery, enabled,
         paused_until, anchor, created_at, updated_at) VALUES ('a1b2', '', '{}', NULL, 0, '{}', 1, 0, 1, NULL, 1, 1, 1)`,
    ).run();
    db.prepare('INSERT INTO schedule_state (schedule_id, done_slot) VALUES (?, 1)').run('a1b2');
    // A schedule's state goes with it.
    db.prepare('DELETE FROM schedules').run();
    expect(db.prepare('SELECT count(*) FROM schedule_state').pluck().get()).toBe(0);
    db.close();
  });

  it('rolls a failing migration back entirely', async () => {
    const file = await dbFile();
    const db = new Database(file) as Db;
    migrate(db, file);
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, file, [...MIGRATIONS, broken])).toThrow('boom');
    expect(tables(db)).not.toContain('half');
    expect(schemaVersion(db)).toBe(latestVersion());
    db.close();
  });

  it('refuses a store written by a newer ModVault, naming the file and the fix', async () => {
    const file = await dbFile();
    const db = await openIndex(file, true);
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    await expect(openIndex(file, false)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      path: file,
      message: expect.stringMatching(/newer ModVault/),
      fix: expect.stringMatching(/Upgrade ModVault/),
    });
  });

  it('reports a file that is not a database as a damaged index', async () => {
    const file = await dbFile();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, Buffer.alloc(8192, 0x41));
    await expect(openIndex(file, false)).rejects.toMatchObject({ code: 'CORRUPT', path: file });
  });
});
