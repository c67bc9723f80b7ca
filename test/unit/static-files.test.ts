import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticFiles } from '../../electron/engine/rpc/static-files';
import { removeTree, tempDir } from '../helpers/temp';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTree(d);
});

async function site() {
  const root = await tempDir('modvault-static-');
  dirs.push(root);
  const www = path.join(root, 'www');
  await mkdir(path.join(www, 'assets'), { recursive: true });
  await writeFile(path.join(www, 'index.html'), '<!doctype html>');
  await writeFile(path.join(www, 'assets', 'app-1a2b.js'), 'export {}');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  return { root, files: new StaticFiles(www), www };
}

describe('StaticFiles', () => {
  it('serves the page (never cached) and hashed assets (cached), with their types', async () => {
    const { files } = await site();
    expect(await files.get('/')).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      immutable: false,
    });
    const js = await files.get('/assets/app-1a2b.js');
    expect(js).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });
    expect(js!.body.toString()).toBe('export {}');
    expect(await files.get('/missing.js')).toBeNull();
    expect(await files.get('/assets')).toBeNull();
  });

  it('never leaves its folder: dot-dot, encoded dot-dot, backslashes, NUL, symlinks', async () => {
    const { files, www, root } = await site();
    await symlink(path.join(root, 'secret.txt'), path.join(www, 'link.txt'));
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2E%2E/secret.txt',
      '/..%5csecret.txt',
      '/index.html%00.js',
      '/link.txt',
      '/%E0%A4%A',
    ])
      expect(await files.get(p), p).toBeNull();
  });
});
