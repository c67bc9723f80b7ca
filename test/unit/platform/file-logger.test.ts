import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileLogger } from '../../../electron/engine/platform/file-logger';
import { removeTree, tempDir } from '../../helpers/temp';

async function logDir(): Promise<string> {
  const dir = await tempDir('modvault-log-');
  onTestFinished(() => removeTree(dir));
  return dir;
}

describe('the file logger', () => {
  it('writes one JSON line per record, scoped, to the file and an echo stream', async () => {
    const dir = await logDir();
    const echo = new PassThrough();
    let echoed = '';
    echo.on('data', (d: Buffer) => (echoed += d.toString()));
    const log = FileLogger.open({ file: path.join(dir, 'x.log'), echo, level: 'info' });
    log.debug('hidden');
    log.info('hello', { a: 1 });
    log.scope('shell').warn('careful', { path: '/p' });
    await log.close();
    const lines = (await readFile(path.join(dir, 'x.log'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: 'hello', a: 1 },
      expect.objectContaining({ level: 'warn', msg: 'careful', scope: 'shell', path: '/p' }),
    ]);
    expect(echoed.trim().split('\n')).toHaveLength(2);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = await logDir();
    const file = path.join(dir, 'desktop.log');
    const log = FileLogger.open({ file, maxBytes: 4096, keep: 2 });
    const pad = 'x'.repeat(200);
    for (let i = 0; i < 200; i++) {
      log.info('line', { i, pad });
      // Rotation happens between writes; a tray app logs a line at a time.
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['desktop.log', 'desktop.log.1', 'desktop.log.2']);
    let total = 0;
    for (const f of files) {
      const text = await readFile(path.join(dir, f), 'utf8');
      total += text.length;
      for (const l of text.trim().split('\n')) expect(JSON.parse(l).msg).toBe('line');
    }
    // 200 lines of ~250 bytes were written; what is kept is capped near 3 × 4 KiB.
    expect(total).toBeLessThan(3 * 4096 + 2 * 300);
    const newest = (await readFile(file, 'utf8')).trim().split('\n').at(-1)!;
    expect(JSON.parse(newest).i).toBe(199);
  });

  it('does not wait for the disk: a record is queued, not written, when info() returns', async () => {
    const dir = await logDir();
    const file = path.join(dir, 'async.log');
    const log = FileLogger.open({ file });
    log.info('first');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(before).not.toContain('first');
    await log.close();
    expect(readFileSync(file, 'utf8')).toContain('first');
  });
});
