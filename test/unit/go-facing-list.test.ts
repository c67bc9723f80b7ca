import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const list = JSON.parse(readFileSync(path.join(root, 'test', 'go-facing.json'), 'utf8')) as {
  files: string[];
  notMatrixed: Record<string, string>;
};

/** Test files that run the go command or x/mod programs built by it. */
const RUNS_GO =
  /helpers\/(go|restore|xmod-oracle|sumdb-server|real-toolchain)'|spawn(Sync)?\('go'|execFile(Sync)?\('go'|runAsNobody\('go'|new GoRunner\('go'/;

function testFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? testFiles(path.join(dir, e.name))
      : e.name.endsWith('.test.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('the Go-facing test list CI runs again with the oldest supported Go', () => {
  it('names every test file that runs go, and only files that exist', () => {
    const all = [...testFiles('test/unit'), ...testFiles('test/integration')];
    const runsGo = all.filter((f) => RUNS_GO.test(readFileSync(path.join(root, f), 'utf8')));
    const listed = new Set([...list.files, ...Object.keys(list.notMatrixed)]);
    expect(runsGo.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !all.includes(f))).toEqual([]);
  });
});
