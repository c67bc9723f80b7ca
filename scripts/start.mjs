#!/usr/bin/env node
// `npm start`: build what is stale, then launch the desktop app — or, without the Electron
// binary, the same app in the browser, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(
  process.execPath,
  [join(root, 'scripts', 'build.mjs'), 'all', '--if-stale', '--quiet'],
  { stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const bin = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8'));
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  // The same app, in the browser: the engine and `modvault ui`, which prints the link.
  console.error(
    [
      'ModVault: the Electron binary is not installed on this machine, so the desktop window cannot open.',
      'Starting the same app in your browser instead (`modvault ui`); stop it with Ctrl-C.',
      'To get the desktop app, install Electron when its download host is reachable:',
      '  node node_modules/electron/install.js',
      '',
    ].join('\n'),
  );
  // The desktop app's own flag means nothing to `modvault ui`; its options (--port, --no-open) pass.
  const args = process.argv.slice(2).filter((a) => a !== '--hidden');
  const ui = spawn(process.execPath, [join(root, 'dist', 'node', 'cli.mjs'), 'ui', ...args], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal; the child decides when it has stopped.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => ui.kill('SIGTERM'));
  ui.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
} else {
  // In development the engine runs on this Node, the one npm built better-sqlite3 for (Electron's
  // own Node has another ABI); a packaged app runs it in Electron's utilityProcess instead.
  const child = spawn(bin, [root, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MODVAULT_ENGINE_NODE: process.execPath },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
