import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/engine/errors';
import { ProjectFinder } from '../../../electron/engine/gomod/project-finder';
import { copyFixture } from '../../helpers/fixture';
import { removeTree, tempDir } from '../../helpers/temp';

let root: string;
beforeEach(async () => {
  root = await tempDir('modvault-projects-');
});
afterEach(() => removeTree(root));

function project(
  rel: string,
  module = `example.com/${rel.replace(/\W+/g, '')}`,
  sum?: string,
): string {
  const dir = path.join(root, rel);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'go.mod'),
    `module ${module}\n\ngo 1.21\n\nrequire example.com/dep v1.0.0 // indirect\n`,
  );
  if (sum !== undefined) writeFileSync(path.join(dir, 'go.sum'), sum);
  return dir;
}

const dirs = (r: { projects: { dir: string }[] }) =>
  r.projects.map((p) => path.relative(root, p.dir)).sort();

describe('ProjectFinder', () => {
  it('finds modules and reads their go.mod and go.sum', async () => {
    project(
      'a',
      'example.com/a',
      'example.com/dep v1.0.0 h1:X=\nexample.com/dep v1.0.0/go.mod h1:Y=\nbroken line\n',
    );
    project('group/b');
    const report = await new ProjectFinder().find([root]);
    expect(dirs(report)).toEqual(['a', 'group/b']);
    const a = report.projects.find((p) => p.module === 'example.com/a')!;
    expect(a).toMatchObject({
      goVersion: '1.21',
      hasGoSum: true,
      sumCount: 1,
      requires: [{ path: 'example.com/dep', version: 'v1.0.0', indirect: true }],
      workspace: null,
    });
    expect(a.warnings).toEqual(['go.sum: 1 malformed line(s)']);
    expect(report.projects.find((p) => p.module === 'example.com/groupb')!.hasGoSum).toBe(false);
    expect(report.roots).toEqual([root]);
    expect(report.skipped).toEqual([]);
  });

  it('skips node_modules, vendor, testdata, .git, hidden and underscore folders', async () => {
    project('keep');
    for (const skipped of [
      'node_modules/x',
      'vendor/x',
      'testdata/x',
      '.git/x',
      '.hidden/x',
      '_old/x',
      'keep/vendor/y',
    ])
      project(skipped);
    expect(dirs(await new ProjectFinder().find([root]))).toEqual(['keep']);
  });

  it('stops at the depth limit', async () => {
    project('d1/d2/d3/deep');
    project('d1/shallow');
    expect(dirs(await new ProjectFinder().find([root], { maxDepth: 2 }))).toEqual(['d1/shallow']);
    expect(dirs(await new ProjectFinder().find([root], { maxDepth: 4 }))).toEqual([
      'd1/d2/d3/deep',
      'd1/shallow',
    ]);
  });

  it('survives symlink loops and lists a folder reached twice once', async () => {
    project('real/p');
    symlinkSync(root, path.join(root, 'real', 'loop'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    symlinkSync(path.join(root, 'missing'), path.join(root, 'dangling'));
    const report = await new ProjectFinder().find([root], { maxDepth: 32 });
    expect(report.projects.map((p) => p.module)).toEqual(['example.com/realp']);
  });

  it('follows a symlink to a project outside the root', async () => {
    const outside = await tempDir('modvault-outside-');
    try {
      mkdirSync(path.join(outside, 'ext'));
      writeFileSync(path.join(outside, 'ext', 'go.mod'), 'module example.com/ext\n');
      symlinkSync(path.join(outside, 'ext'), path.join(root, 'link'));
      expect((await new ProjectFinder().find([root])).projects.map((p) => p.module)).toEqual([
        'example.com/ext',
      ]);
    } finally {
      await removeTree(outside);
    }
  });

  it('maps modules to the go.work that uses them', async () => {
    project('ws/a');
    project('ws/b');
    project('solo');
    writeFileSync(path.join(root, 'ws', 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n');
    const report = await new ProjectFinder().find([root]);
    const work = path.join(root, 'ws', 'go.work');
    expect(
      Object.fromEntries(report.projects.map((p) => [path.relative(root, p.dir), p.workspace])),
    ).toEqual({
      'ws/a': work,
      'ws/b': work,
      solo: null,
    });
  });

  it('never enters the excluded module cache, whose trees are full of go.mod files', async () => {
    const fx = await copyFixture();
    const all = await new ProjectFinder().find([fx.root], { maxDepth: 12 });
    expect(all.projects.some((p) => p.dir.startsWith(fx.gomodcache))).toBe(true);
    const report = await new ProjectFinder().find([fx.root], {
      maxDepth: 12,
      exclude: [fx.gomodcache],
    });
    expect(report.projects.map((p) => p.module).sort()).toEqual([
      'example.com/alpha',
      'example.com/beta',
      'example.com/downloadonly',
    ]);
  });

  it('refuses a root that is not a folder', async () => {
    writeFileSync(path.join(root, 'file'), '');
    for (const bad of [path.join(root, 'file'), path.join(root, 'missing')]) {
      const e = await new ProjectFinder().find([bad]).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('PATH_INVALID');
      expect((e as EngineError).path).toBe(bad);
    }
  });

  it('stops when canceled', async () => {
    for (let i = 0; i < 50; i++) project(`many/p${i}`);
    const controller = new AbortController();
    const e = await new ProjectFinder()
      .find([root], { signal: controller.signal, onProgress: (n) => n === 5 && controller.abort() })
      .catch((err: unknown) => err);
    expect((e as EngineError).code).toBe('CANCELED');
  });

  it('reports progress as folders are visited', async () => {
    project('x/y');
    const seen: number[] = [];
    await new ProjectFinder().find([root], { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1, 2, 3]);
  });
});
