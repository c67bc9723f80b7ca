import type BetterSqlite3 from 'better-sqlite3';
import { EngineError } from '../errors';

type DatabaseConstructor = typeof BetterSqlite3;

let loaded: Promise<DatabaseConstructor> | null = null;

/**
 * The native SQLite module, checked once against the runtime that loads it. better-sqlite3 is
 * compiled for one Node ABI: `npm install` builds it for Node, a packaged app rebuilds it for
 * Electron. Loaded by the wrong runtime, it fails to open; that becomes a message naming both
 * ABIs and the fix, before any store is touched.
 */
export function loadSqlite(): Promise<DatabaseConstructor> {
  loaded ??= (async () => {
    const { default: Database } = await import('better-sqlite3');
    try {
      new Database(':memory:').close();
    } catch (e) {
      throw bindingError(e) ?? e;
    }
    return Database;
  })();
  const attempt = loaded;
  // A failed load is not cached: the next attempt reports it again rather than a stale promise.
  attempt.catch(() => {
    if (loaded === attempt) loaded = null;
  });
  return attempt;
}

/** Turns better-sqlite3's dlopen failure into the user's message; null for other errors. */
export function bindingError(e: unknown): EngineError | null {
  const message = String((e as Error)?.message ?? e);
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message);
  const runtime = process.versions.electron
    ? `Electron ${process.versions.electron} (Node ${process.versions.node})`
    : `Node ${process.versions.node}`;
  if (abi)
    return new EngineError(
      'UNSUPPORTED',
      `The SQLite module was built for another runtime (ABI ${abi[1]}), but ModVault's engine runs on ${runtime} (ABI ${abi[2]}). No store was opened.`,
      {
        fix: process.versions.electron
          ? 'Start the app with `npm start` (it runs the engine on the Node that built the module), or package it with electron-builder, which rebuilds the module for Electron.'
          : 'Rebuild it for this Node: `npm rebuild better-sqlite3` in the ModVault checkout.',
        cause: e,
      },
    );
  if (/better_sqlite3\.node|Could not locate the bindings file/.test(message))
    return new EngineError(
      'UNSUPPORTED',
      `The SQLite module cannot be loaded by ${runtime}: ${message.split('\n')[0]}`,
      { fix: 'Reinstall it: `npm rebuild better-sqlite3` in the ModVault checkout.', cause: e },
    );
  return null;
}
