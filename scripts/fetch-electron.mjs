#!/usr/bin/env node
// Best-effort download of the Electron binary, run by `npm install` (prepare). Electron's own
// postinstall is disabled in package.json (allowScripts) because it fails the whole install on
// machines that cannot reach its download host; here a failure is only a notice: the CLI and
// `modvault ui` work without Electron, and `npm start` explains what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function installed() {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return existsSync(join(electronDir, 'dist', rel));
  } catch {
    return false;
  }
}

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(electronDir) || installed())
  process.exit(0);
const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  cwd: electronDir,
  stdio: 'pipe',
  timeout: 180_000,
  encoding: 'utf8',
});
if (r.status === 0 && installed()) {
  console.log('Electron binary installed: `npm start` opens the desktop app.');
} else {
  const why =
    (r.stderr || r.error?.message || '').split('\n').find((l) => l.trim()) ?? 'unknown error';
  console.log(`Note: the Electron binary could not be downloaded (${why.trim()}).`);
  console.log(
    '      Everything else is installed: use `npm run modvault -- ui` for the app in your browser,',
  );
  console.log('      or retry later with `node node_modules/electron/install.js`.');
}
