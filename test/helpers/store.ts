import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import type { SnapshotResult } from '../../shared/dto/store';
import type { FixtureModule } from '../fixtures/fixture-modules';
import type { GoFixture } from '../fixtures/go-fixture';
import { goCommand, goEscape, writeProxy } from '../fixtures/go-fixture';
import type { CliOptions, CliResult } from './cli';
import { runCli } from './cli';

export /** Adds module versions of incompressible data, so a snapshot takes a while and fills packs. */
async function growCache(fx: GoFixture, count: number, from = 0): Promise<void> {
  const modules: FixtureModule[] = Array.from({ length: count }, (_, n) => n + from).map((i) => ({
    path: `example.com/bulk${i % 6}`,
    version: `v1.${Math.floor(i / 6)}.0`,
    time: '2024-03-04T05:06:07Z',
    files: {
      'go.mod': `module example.com/bulk${i % 6}\n\ngo 1.18\n`,
      'bulk.go': `package bulk\n\nconst N = ${i}\n`,
      'data.bin': randomBytes(160_000),
      'shared.bin': Buffer.alloc(50_000, i % 6),
    },
  }));
  await writeProxy(fx.proxyDir, modules);
  await goCommand(['mod', 'download', ...modules.map((m) => `${m.path}@${m.version}`)], {
    cwd: path.join(fx.root, 'download-only'),
    env: fx.env,
  });
}

/** Files of one version in a module cache: cache/download/<esc>/@v/<esc v>.<kind>, and its tree. */
export function versionPaths(gomodcache: string, modPath: string, version: string) {
  const dir = path.join(gomodcache, 'cache', 'download', ...goEscape(modPath).split('/'), '@v');
  const base = path.join(dir, goEscape(version));
  return {
    dir,
    zip: `${base}.zip`,
    ziphash: `${base}.ziphash`,
    mod: `${base}.mod`,
    info: `${base}.info`,
    tree: path.join(gomodcache, ...`${goEscape(modPath)}@${goEscape(version)}`.split('/')),
  };
}

export async function snapshot(
  fx: GoFixture,
  args: string[] = [],
  opts: Partial<CliOptions> = {},
): Promise<CliResult & { result: SnapshotResult }> {
  const res = await runCli(['snapshot', '--json', ...args], { env: fx.env, ...opts });
  let result: SnapshotResult;
  try {
    result = res.json<SnapshotResult>();
  } catch {
    throw new Error(`snapshot failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  }
  return { ...res, result };
}

/** The store's index, read-only, closed when the test ends. */
export function storeIndex(storeDir: string): Database.Database {
  const db = new Database(path.join(storeDir, 'index.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  onTestFinished(() => {
    db.close();
  });
  return db;
}
