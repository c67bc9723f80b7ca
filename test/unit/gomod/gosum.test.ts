import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGoSum, readGoSum } from '../../../electron/engine/gomod/gosum';
import { removeTree, tempDir } from '../../helpers/temp';

describe('go.sum parsing', () => {
  it('pairs module and go.mod hashes per version', () => {
    const sum = parseGoSum(
      [
        'example.com/a v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        'example.com/a v1.0.0/go.mod h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=',
        'example.com/b v2.0.0+incompatible/go.mod h1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=',
        'example.com/Upper v0.0.0-20240101120000-abcdef123456 h1:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD=',
        '',
      ].join('\n'),
      '/p/go.sum',
    );
    expect(sum.file).toBe('/p/go.sum');
    expect(sum.malformed).toEqual([]);
    expect(Object.fromEntries(sum.entries)).toEqual({
      'example.com/a@v1.0.0': {
        h1: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        modH1: 'h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=',
      },
      'example.com/b@v2.0.0+incompatible': {
        h1: null,
        modH1: 'h1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=',
      },
      'example.com/Upper@v0.0.0-20240101120000-abcdef123456': {
        h1: 'h1:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD=',
        modH1: null,
      },
    });
  });

  it('tolerates CRLF, extra spaces and tabs, and ignores unknown hash algorithms', () => {
    const sum = parseGoSum(
      'example.com/a  v1.0.0\th1:X=\r\nexample.com/a v1.0.0 h2:future-algorithm\r\n',
    );
    expect(sum.entries.get('example.com/a@v1.0.0')).toEqual({ h1: 'h1:X=', modH1: null });
    expect(sum.malformed).toEqual([]);
  });

  it('reports malformed lines by number and keeps the rest', () => {
    const sum = parseGoSum(
      'example.com/a v1.0.0\nexample.com/b v1.0.0 h1:Y=\ntoo many fields here now\n',
    );
    expect(sum.malformed).toEqual([1, 3]);
    expect(sum.entries.get('example.com/b@v1.0.0')?.h1).toBe('h1:Y=');
  });
});

describe('readGoSum', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('modvault-gosum-');
  });
  afterAll(() => removeTree(dir));

  it('reads <dir>/go.sum, and answers null when there is none', async () => {
    mkdirSync(path.join(dir, 'with'));
    writeFileSync(path.join(dir, 'with', 'go.sum'), 'example.com/a v1.0.0 h1:Z=\n');
    expect((await readGoSum(path.join(dir, 'with')))?.entries.size).toBe(1);
    expect(await readGoSum(dir)).toBeNull();
  });

  it('lets other errors through (a go.sum that is a directory)', async () => {
    mkdirSync(path.join(dir, 'odd', 'go.sum'), { recursive: true });
    await expect(readGoSum(path.join(dir, 'odd'))).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
