#!/usr/bin/env node
// `npm start`: build what is stale, then launch the desktop app — or explain why it cannot.
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
  console.error(
    [
      'ModVault: the Electron binary is not installed on this machine, so the desktop window cannot open.',
      '',
      '  Use the same app in your browser instead:   npm run modvault -- ui',
      '  Or install Electron when its download host is reachable:',
      '                                              node node_modules/electron/install.js',
    ].join('\n'),
  );
  process.exit(1);
}
const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
