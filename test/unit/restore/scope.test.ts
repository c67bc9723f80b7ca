import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  parseModuleArg,
  readProjectNeeds,
  selectVersions,
} from '../../../electron/engine/restore/restore-scope';
import { groupTasks } from '../../../electron/engine/restore/task-groups';
import type { CatalogVersion } from '../../../electron/engine/store/snapshot-catalog';
import { removeTree } from '../../helpers/temp';

let nextId = 1;
const v = (
  p: string,
  version: string,
  source: CatalogVersion['source'] = 'zip',
): CatalogVersion => ({
  versionId: nextId++,
  path: p,
  version,
  h1: source === 'none' ? '' : 'h1:x',
  source,
  verified: true,
  fileCount: 1,
  contentBytes: 10,
  zipBytes: 10,
  modBlob: 1,
  infoBlob: 2,
});

const SNAPSHOT = [
  v('example.com/a', 'v1.0.0'),
  v('example.com/a', 'v1.1.0'),
  v('example.com/b', 'v0.1.0'),
  v('example.com/c', 'v2.0.0+incompatible', 'none'),
];

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'modvault-scope-'));
  onTestFinished(() => removeTree(dir));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe('restore scopes', () => {
  it('everything when nothing is named', () => {
    const s = selectVersions(SNAPSHOT, { projects: [], modules: [] });
    expect(s.versions.map((x) => x.need)).toEqual(['module', 'module', 'module', 'module']);
  });

  it('a project needs the files of "h1:" lines and only the .mod of "/go.mod" lines', async () => {
    const dir = await project({
      'go.mod': 'module example.com/p\n\ngo 1.19\n\nrequire example.com/a v1.1.0\n',
      'go.sum': [
        'example.com/a v1.1.0 h1:aaa=',
        'example.com/a v1.1.0/go.mod h1:bbb=',
        'example.com/b v0.1.0/go.mod h1:ccc=',
        'example.com/gone v1.0.0/go.mod h1:ddd=',
        '',
      ].join('\n'),
    });
    const needs = await readProjectNeeds(dir);
    const s = selectVersions(SNAPSHOT, { projects: [needs], modules: [] });
    expect(s.versions.map((x) => `${x.v.path}@${x.v.version} ${x.need}`)).toEqual([
      'example.com/a@v1.1.0 module',
      'example.com/b@v0.1.0 go.mod',
    ]);
    expect(s.unavailable).toEqual([
      {
        path: 'example.com/gone',
        version: 'v1.0.0',
        need: 'go.mod',
        from: path.join(dir, 'go.sum'),
      },
    ]);
  });

  it('a workspace needs what each of its modules needs, and go.work.sum', async () => {
    const dir = await project({
      'go.work': 'go 1.19\n\nuse (\n\t./x\n\t./y\n)\n',
      'go.work.sum': 'example.com/b v0.1.0 h1:b=\n',
      'x/go.mod': 'module example.com/x\n\nrequire example.com/a v1.0.0\n',
      'y/go.mod':
        'module example.com/y\n\nrequire example.com/local v0.0.0\n\nreplace example.com/local => ../local\n',
    });
    const s = selectVersions(SNAPSHOT, { projects: [await readProjectNeeds(dir)], modules: [] });
    expect(s.versions.map((x) => `${x.v.path}@${x.v.version}`)).toEqual([
      'example.com/a@v1.0.0',
      'example.com/b@v0.1.0',
    ]);
    expect(s.unavailable).toEqual([]); // a directory replacement is not a module version
  });

  it('--module takes all versions or one, and reports what the snapshot lacks', () => {
    const s = selectVersions(SNAPSHOT, {
      projects: [],
      modules: ['example.com/a', 'example.com/b@v0.1.0', 'example.com/b@v9.0.0'],
    });
    expect(s.versions.map((x) => x.v.version)).toEqual(['v1.0.0', 'v1.1.0', 'v0.1.0']);
    expect(s.missingModules).toEqual([{ path: 'example.com/b', version: 'v9.0.0' }]);
  });

  it('refuses module arguments Go would refuse', () => {
    expect(parseModuleArg('golang.org/x/tools@v0.1.0')).toEqual({
      path: 'golang.org/x/tools',
      version: 'v0.1.0',
    });
    expect(() => parseModuleArg('nodot/pkg')).toThrow(/missing dot in first path element/);
    expect(() => parseModuleArg('example.com/a@v1!')).toThrow(/disallowed version string/);
  });

  it('a project folder without go.mod is a clear error', async () => {
    const dir = await project({ 'README.md': 'x' });
    await expect(readProjectNeeds(dir)).rejects.toThrow(/has no go\.mod/);
  });

  it('groups a module’s versions into tasks of at most 16', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ path: 'm', i })).concat([
      { path: 'n', i: 0 },
    ]);
    expect(groupTasks(many).map((g) => g.length)).toEqual([16, 4, 1]);
  });
});
