import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  nonDirOnTheWay,
  openFileSync,
  readFileSync,
  readTextSync,
} from '../../../electron/engine/platform/no-follow';
import { hashTree, listTreeFiles } from '../../../electron/engine/gomod/tree-hash';
import { ScratchBuffer } from '../../../electron/engine/platform/scratch-buffer';
import { removeTree, tempDir } from '../../helpers/temp';

async function dir(): Promise<string> {
  const d = await tempDir('modvault-nofollow-');
  onTestFinished(() => removeTree(d));
  return d;
}

describe('no-follow reads', () => {
  it('reads regular files, and refuses a symlink to one (its target never opened)', async () => {
    const d = await dir();
    writeFileSync(path.join(d, 'secret'), 'private');
    writeFileSync(path.join(d, 'file'), 'public');
    symlinkSync(path.join(d, 'secret'), path.join(d, 'link'));
    expect(readTextSync(path.join(d, 'file'))).toBe('public');
    expect(() => readFileSync(path.join(d, 'link'))).toThrow(
      expect.objectContaining({
        name: 'NotRegularError',
        code: 'ELOOP',
        message: expect.stringContaining(`link is a symlink to ${path.join(d, 'secret')}`),
      }),
    );
  });

  it('refuses FIFOs (without blocking on them), folders and files above a size limit', async () => {
    const d = await dir();
    execFileSync('mkfifo', [path.join(d, 'fifo')]);
    mkdirSync(path.join(d, 'sub'));
    writeFileSync(path.join(d, 'big'), Buffer.alloc(100));
    expect(() => openFileSync(path.join(d, 'fifo'))).toThrow(/is a named pipe \(FIFO\)/);
    expect(() => openFileSync(path.join(d, 'sub'))).toThrow(/is a folder/);
    expect(() => readFileSync(path.join(d, 'big'), { maxBytes: 99 })).toThrow(
      expect.objectContaining({ code: 'EFBIG' }),
    );
  });

  it('a file swapped for a symlink between listing and reading is refused', async () => {
    const d = await dir();
    const tree = path.join(d, 'm@v1.0.0');
    mkdirSync(tree);
    writeFileSync(path.join(tree, 'a.go'), 'package a\n');
    writeFileSync(path.join(d, 'secret'), 'private');
    const listed = listTreeFiles(tree);
    expect(listed.map((f) => f.rel)).toEqual(['a.go']);
    renameSync(path.join(tree, 'a.go'), path.join(d, 'moved'));
    symlinkSync(path.join(d, 'secret'), path.join(tree, 'a.go'));
    expect(() => openFileSync(listed[0]!.full)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    await expect(hashTree(tree, 'm@v1.0.0', new ScratchBuffer(0))).rejects.toThrow(/is a symlink/);
  });

  it('finds a symlink in the fixed part of a layout (GOMODCACHE/cache -> elsewhere)', async () => {
    const d = await dir();
    mkdirSync(path.join(d, 'elsewhere', 'download'), { recursive: true });
    mkdirSync(path.join(d, 'mod'));
    symlinkSync(path.join(d, 'elsewhere'), path.join(d, 'mod', 'cache'));
    expect(nonDirOnTheWay(path.join(d, 'mod'), 'cache/download')).toMatchObject({
      path: path.join(d, 'mod', 'cache'),
    });
    expect(nonDirOnTheWay(d, 'elsewhere/download')).toBeNull();
    expect(nonDirOnTheWay(d, 'missing/download')).toBeNull();
  });
});
