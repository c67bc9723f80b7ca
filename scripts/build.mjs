#!/usr/bin/env node
// Builds what runs outside the renderer: the CLI / browser-mode server, the Electron main and
// preload bundles, and the worker thread script, all into dist/node so that each bundle finds
// worker.mjs beside itself. The renderer is built by Vite into dist/renderer.
//   node scripts/build.mjs [node|renderer|all] [--if-stale] [--quiet]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--')) ?? 'all';
const quiet = args.includes('--quiet');
const ifStale = args.includes('--if-stale');
const log = (msg) => quiet || console.log(msg);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(outputs, sourceDirs) {
  const sources = Math.max(...sourceDirs.map((d) => newestMtime(join(root, d))));
  return outputs.some(
    (o) => !existsSync(join(root, o)) || statSync(join(root, o)).mtimeMs < sources,
  );
}

// Node-side bundles load CommonJS dependencies (ws, tar) that call require() at run time.
const requireShim =
  "import { createRequire as __mvCreateRequire } from 'node:module'; const require = __mvCreateRequire(import.meta.url);";

async function buildNode() {
  const outputs = [
    'dist/node/cli.mjs',
    'dist/node/main.mjs',
    'dist/node/engine.mjs',
    'dist/node/worker.mjs',
    'dist/node/preload.cjs',
    'dist/node/bench.mjs',
  ];
  if (ifStale && !isStale(outputs, ['electron', 'shared', 'scripts/bench'])) return;
  // Chunk names change with their content: old ones would pile up in dist/node/chunks.
  rmSync(join(root, 'dist', 'node'), { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    external: ['electron', 'better-sqlite3'],
  };
  await build({
    ...common,
    entryPoints: {
      cli: 'electron/cli/main.ts',
      main: 'electron/main/main.ts',
      engine: 'electron/engine/host/engine-main.ts',
      worker: 'electron/engine/workers/worker.ts',
      bench: 'scripts/bench/main.ts',
    },
    outdir: 'dist/node',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: requireShim },
    absWorkingDir: root,
  });
  // Sandboxed preloads cannot be ES modules.
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/node',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    absWorkingDir: root,
  });
  log('built dist/node (cli, main, engine, preload, worker, bench)');
}

function buildRenderer() {
  if (ifStale && !isStale(['dist/renderer/index.html'], ['renderer', 'shared'])) return;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', ...(quiet ? ['--logLevel', 'error'] : [])],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (target === 'node' || target === 'all') await buildNode();
if (target === 'renderer' || target === 'all') buildRenderer();
