import { describe, expect, it } from 'vitest';
import { bindingError, loadSqlite } from '../../../electron/engine/store/sqlite-binding';

describe('the native SQLite module', () => {
  it('loads on the runtime that built it (the CLI and the dev engine run on this Node)', async () => {
    const Database = await loadSqlite();
    const db = new Database(':memory:');
    expect(db.prepare('select 1 as x').get()).toEqual({ x: 1 });
    db.close();
  });

  it('built for another runtime: a message naming both ABIs and the fix, not a broken store', () => {
    // What Node's dlopen says when better-sqlite3 was compiled for Electron and loaded by Node.
    const e = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 143. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const err = bindingError(e)!;
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toContain('ABI 143');
    expect(err.message).toContain('ABI 115');
    expect(err.message).toContain(`Node ${process.versions.node}`);
    expect(err.message).toContain('No store was opened');
    expect(err.fix).toMatch(/npm rebuild better-sqlite3/);
    expect(bindingError(new Error('SQLITE_CORRUPT: database disk image is malformed'))).toBeNull();
  });
});
