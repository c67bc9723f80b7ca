import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixture';

const root = path.resolve(import.meta.dirname, '..', '..');

function electronInstalled(): boolean {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    return existsSync(path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8')));
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it.skipIf(electronInstalled())(
    'without the Electron binary, starts the same app in the browser and says why',
    async () => {
      const fx = await copyFixture();
      const child = spawn(
        process.execPath,
        [path.join(root, 'scripts', 'start.mjs'), '--no-open'],
        {
          env: fx.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no link:\n${out}\n${err}`)), 60_000);
          child.stdout.on('data', () => {
            const m = /http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\//.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(m[0]);
            }
          });
        });
        expect(err).toContain('the Electron binary is not installed');
        expect(err).toContain('in your browser');
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="app"');
      } finally {
        child.kill('SIGTERM');
      }
      // Stopped, it shuts down cleanly (the engine settles and gives its endpoint up).
      expect(await exited).toBe(0);
    },
    120_000,
  );
});
