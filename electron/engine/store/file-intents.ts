import { rmSync } from 'node:fs';
import path from 'node:path';
import { errnoCode, fromErrno } from '../errors';
import type { Logger } from '../platform/logger';
import type { Db } from './migrations';

export const PACKS_DIR = 'packs';
export const SNAPSHOTS_DIR = 'snapshots';

export type IntentAction = 'create' | 'delete';

/** The intent path of a pack or manifest file (relative to the store folder, "/"-separated). */
export const packPath = (name: string) => `${PACKS_DIR}/${name}`;
export const manifestPath = (name: string) => `${SNAPSHOTS_DIR}/${name}`;

function remove(dir: string, rel: string): void {
  const file = path.join(dir, ...rel.split('/'));
  for (const f of [file, `${file}.tmp`]) {
    try {
      rmSync(f, { force: true });
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw fromErrno(e, f) ?? e;
    }
  }
}

/**
 * Files a writer is about to create or is done with, recorded (committed) before the file is
 * touched. The next writer finishes exactly what an interrupted one left: a created file whose
 * rows never got committed is removed, a file to delete is deleted. A pack or manifest that
 * neither a row nor an intent names is not an orphan — the index lost track of it — and is
 * never deleted.
 */
export class FileIntents {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Records (and commits, unless inside a transaction) the intent to create `rel`. */
  willCreate(rel: string): void {
    this.record(rel, 'create');
  }

  /** Call inside the transaction that removes the rows naming `rel`. */
  willDelete(rel: string): void {
    this.record(rel, 'delete');
  }

  done(rel: string): void {
    this.db.prepare('DELETE FROM file_intents WHERE path = ?').run(rel);
  }

  has(rel: string): boolean {
    return this.db.prepare('SELECT 1 FROM file_intents WHERE path = ?').get(rel) !== undefined;
  }

  paths(): Set<string> {
    return new Set(this.db.prepare('SELECT path FROM file_intents').pluck().all() as string[]);
  }

  /** Deletes files whose removal was recorded (willDelete, committed), and drops the intents. */
  removeNow(storeDir: string, rels: readonly string[]): void {
    for (const rel of rels) {
      remove(storeDir, rel);
      this.done(rel);
    }
  }

  /** Deletes files marked for deletion; removes created files no committed row names. */
  finish(storeDir: string, logger: Logger): void {
    const rows = this.db.prepare('SELECT path, action FROM file_intents').all() as {
      path: string;
      action: IntentAction;
    }[];
    const packRow = this.db.prepare('SELECT 1 FROM packs WHERE name = ?');
    const manifestRow = this.db.prepare('SELECT 1 FROM snapshots WHERE manifest = ?');
    for (const r of rows) {
      const [dir, name] = r.path.split('/') as [string, string];
      const committed =
        r.action === 'create' &&
        (dir === PACKS_DIR ? packRow.get(name) : manifestRow.get(name)) !== undefined;
      if (!committed) {
        try {
          remove(storeDir, r.path);
        } catch (e) {
          // Kept for the next writer: a file that cannot be removed now never blocks a write.
          logger.warn('could not remove what an interrupted writer left', {
            file: r.path,
            error: String(e),
          });
          continue;
        }
        logger.info(
          r.action === 'create'
            ? 'removed what an interrupted writer left'
            : 'finished an interrupted removal',
          { file: r.path },
        );
      }
      this.done(r.path);
    }
  }

  private record(rel: string, action: IntentAction): void {
    this.db
      .prepare('INSERT OR REPLACE INTO file_intents (path, action, created_at) VALUES (?, ?, ?)')
      .run(rel, action, this.now());
  }
}
