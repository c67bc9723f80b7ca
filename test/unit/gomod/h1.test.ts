import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  h1ForGoMod,
  h1FromDigests,
  H1Error,
  isWellFormedH1,
  sha256Hex,
} from '../../../electron/engine/gomod/h1';
import { CacheLayout } from '../../../electron/engine/gomod/layout';
import { hashTree } from '../../../electron/engine/gomod/tree-hash';
import { hashZipFile } from '../../../electron/engine/gomod/zip-hash';
import { ScratchBuffer } from '../../../electron/engine/platform/scratch-buffer';
import type { FixtureModule } from '../../fixtures/fixture-modules';
import { fixtureEnv, writeProxy } from '../../fixtures/go-fixture';
import { go } from '../../helpers/go';
import { removeTree, tempDir } from '../../helpers/temp';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';

const env = () => ({ scratch: new ScratchBuffer(64), onGarbage: () => {} });

/** go.sum lines, read independently of the engine's parser. */
function goSumLines(file: string): { path: string; version: string; h1: string; isMod: boolean }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [p, v, h] = line.split(' ') as [string, string, string];
      const isMod = v.endsWith('/go.mod');
      return { path: p, version: isMod ? v.slice(0, -7) : v, h1: h, isMod };
    });
}

describe('h1 hashes equal the go.sum lines the real go command wrote', () => {
  const root = inject('fixtureRoot');
  const { GOMODCACHE } = fixtureEnv(root, path.join(root, 'proxy'));
  const layout = new CacheLayout(GOMODCACHE!);
  const lines = ['alpha', 'beta'].flatMap((p) =>
    goSumLines(path.join(root, 'projects', p, 'go.sum')),
  );

  it('the fixture projects have the go.sum lines this test needs', () => {
    expect(lines.filter((l) => !l.isMod).length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => l.isMod).length).toBeGreaterThanOrEqual(6);
  });

  it.each(lines.filter((l) => !l.isMod).map((l) => [`${l.path}@${l.version}`, l] as const))(
    '%s: the zip and the extracted tree',
    async (_id, l) => {
      const m = { path: l.path, version: l.version };
      expect((await hashZipFile(layout.versionFile(m, 'zip'), env())).h1).toBe(l.h1);
      expect(existsSync(layout.treeDir(m))).toBe(true);
      const tree = await hashTree(
        layout.treeDir(m),
        `${l.path}@${l.version}`,
        new ScratchBuffer(16),
      );
      expect(tree.h1).toBe(l.h1);
    },
  );

  it.each(lines.filter((l) => l.isMod).map((l) => [`${l.path}@${l.version}/go.mod`, l] as const))(
    '%s: the .mod file (synthesized for modules without go.mod)',
    (_id, l) => {
      const mod = readFileSync(layout.versionFile({ path: l.path, version: l.version }, 'mod'));
      expect(h1ForGoMod(mod)).toBe(l.h1);
    },
  );

  it('every .ziphash Go wrote, including versions no project uses', async () => {
    const versions = [
      ['example.com/Upper/Case', 'v1.0.0'],
      ['example.com/lib', 'v1.2.0-RC.1'],
      ['example.com/nogomod', 'v1.0.0'],
    ];
    for (const [p, v] of versions) {
      const m = { path: p!, version: v! };
      const ziphash = readFileSync(layout.versionFile(m, 'ziphash'), 'utf8');
      expect(isWellFormedH1(ziphash)).toBe(true);
      expect((await hashZipFile(layout.versionFile(m, 'zip'), env())).h1).toBe(ziphash);
    }
  });
});

describe('bytewise ordering of non-ASCII names (what the go command computes)', () => {
  // UTF-16 and UTF-8 order disagree across U+FFFF: U+FF21 (Ａ) sorts after U+1D400 (𝐀) in a
  // JavaScript string comparison but before it in Go's byte comparison.
  const m: FixtureModule = {
    path: 'example.com/unicode',
    version: 'v1.0.0',
    time: '2024-01-01T00:00:00Z',
    files: {
      'go.mod': 'module example.com/unicode\n',
      'a.go': 'package unicode\n',
      'Zeta.txt': 'upper case sorts first\n',
      'dir.txt': "'.' sorts before '/'\n",
      'dir/x.txt': 'nested\n',
      'é.txt': 'latin\n',
      'Ａ.txt': 'fullwidth\n',
      '𝐀.txt': 'mathematical bold\n',
      'ǆ/inner.txt': 'digraph directory\n',
    },
  };
  let work: string;
  let download: { Sum: string; GoModSum: string; Zip: string; Dir: string; GoMod: string };

  beforeAll(async () => {
    work = await tempDir('modvault-h1-');
    const proxy = path.join(work, 'proxy');
    await writeProxy(proxy, [m]);
    const e = fixtureEnv(work, proxy);
    mkdirSync(e.HOME!, { recursive: true });
    const project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'go.mod'), 'module example.com/p\n\ngo 1.18\n');
    const res = await go(['mod', 'download', '-json', `${m.path}@${m.version}`], {
      cwd: project,
      env: e,
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    download = JSON.parse(res.stdout) as typeof download;
  });
  afterAll(() => removeTree(work));

  it('the zip hashes to the Sum go mod download reports', async () => {
    const res = await hashZipFile(download.Zip, env());
    expect(res.h1).toBe(download.Sum);
    expect(res.problems).toEqual([]);
  });

  it('the extracted tree hashes to the same Sum', async () => {
    const tree = await hashTree(download.Dir, `${m.path}@${m.version}`, new ScratchBuffer(16));
    expect(tree.h1).toBe(download.Sum);
    expect(tree.files.map((f) => f.name.slice(m.path.length + m.version.length + 2))).toContain(
      'ǆ/inner.txt',
    );
  });

  it('go.mod hashes to GoModSum', () => {
    expect(h1ForGoMod(readFileSync(download.GoMod))).toBe(download.GoModSum);
  });

  it('the test is sensitive: a UTF-16 sort gives a different hash', async () => {
    const { files } = await hashZipFile(download.Zip, env());
    const utf16 = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const summary = createHash('sha256');
    for (const f of utf16) summary.update(`${f.sha256}  ${f.name}\n`);
    expect('h1:' + summary.digest('base64')).not.toBe(download.Sum);
  });

  it('dirhash.HashDir of the toolchain agrees on a tree with awkward names', async () => {
    const dir = path.join(work, 'awkward');
    const names = ['a.b', 'a/b', 'a-b', 'A', 'é', 'Ａ', '𝐀', 'x/y/z', 'x.y', 'sp ace'];
    for (const n of names) {
      mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
      writeFileSync(path.join(dir, n), n);
    }
    const ours = await hashTree(dir, 'p@v', new ScratchBuffer(16));
    const [theirs] = askGo(xmodOracleBinary(), [{ op: 'hashDir', args: [dir, 'p@v'] }]);
    expect(ours.h1).toBe(theirs!.value);
  });
});

describe('h1FromDigests', () => {
  it('hashes the empty tree as dirhash does', () => {
    expect(h1FromDigests([])).toBe('h1:' + createHash('sha256').digest('base64'));
  });

  it('does not depend on the order of its input', () => {
    const files = ['b', 'a/c', 'a.c', 'é', '𝐀', 'Ａ'].map((name) => ({
      name,
      sha256: sha256Hex(name),
    }));
    expect(h1FromDigests(files)).toBe(h1FromDigests([...files].reverse()));
  });

  it('refuses names with newlines, as dirhash does', () => {
    expect(() => h1FromDigests([{ name: 'a\nb', sha256: sha256Hex('') }])).toThrow(H1Error);
  });

  it.each([
    ['h1:jc+FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y=', true],
    ['h1:jc+FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y', false],
    ['h2:jc+FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y=', false],
    ['h1:jc+FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y==', false],
    ['h1:jc-FJp1bI87Z+5AJ/oMMqEd+SEItO99D4wQncjVuq2Y=', false],
    ['', false],
    ['garbage', false],
  ])('isWellFormedH1(%j) is %s', (text, ok) => {
    expect(isWellFormedH1(text)).toBe(ok);
  });
});
