import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToFold } from '../../../electron/engine/gomod/case-fold';
import { MAX_ZIP_FILE, moduleZipProblems } from '../../../electron/engine/gomod/module-zip';
import { hashZipFile } from '../../../electron/engine/gomod/zip-hash';
import { ZipReader } from '../../../electron/engine/gomod/zip-reader';
import { ScratchBuffer } from '../../../electron/engine/platform/scratch-buffer';
import { removeTreeSync } from '../../helpers/temp';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';
import type { EntrySpec } from '../../helpers/zip-builder';
import { writeZip } from '../../helpers/zip-builder';

const m = { path: 'example.com/m', version: 'v1.0.0' };
const P = 'example.com/m@v1.0.0/';
const f = (name: string, data = `content of ${name}`): EntrySpec => ({ name: P + name, data });

/** [label, entries, names Go reports invalid (null: the whole zip fails a size check)]. */
const CASES: [string, EntrySpec[]][] = [
  ['a valid module', [f('go.mod'), f('m.go'), f('sub/x.go'), f('LICENSE')]],
  ['a directory entry (harmless)', [f('go.mod'), f('sub/', ''), f('sub/x.go')]],
  ['the prefix directory itself', [{ name: P, data: '' }, f('m.go')]],
  ['a "../" entry', [f('m.go'), f('../evil.go')]],
  ['a "../" escape inside the tree', [f('m.go'), f('sub/../../evil.go')]],
  ['an absolute name', [f('m.go'), { name: '/etc/passwd', data: 'x' }]],
  ['an absolute name under the prefix', [f('m.go'), f('/abs.go')]],
  ['a "./" element', [f('m.go'), f('./x.go')]],
  ['a backslash', [f('m.go'), f('sub\\x.go')]],
  ['an entry of another module', [f('m.go'), { name: 'example.com/other@v1.0.0/x.go', data: 'x' }]],
  ['an entry of another version', [f('m.go'), { name: 'example.com/m@v1.0.1/x.go', data: 'x' }]],
  ['an entry without the version', [f('m.go'), { name: 'example.com/m/x.go', data: 'x' }]],
  ['duplicate names', [f('m.go'), f('m.go', 'again')]],
  ['case-colliding names', [f('m.go'), f('M.go')]],
  ['case-colliding directories', [f('sub/a.go'), f('Sub/b.go')]],
  ['a file and a directory of the same name', [f('sub'), f('sub/x.go')]],
  ['a directory entry colliding with a file', [f('sub/', ''), f('sub', 'file')]],
  ['go.mod in a subdirectory', [f('go.mod'), f('sub/go.mod')]],
  ['go.mod with the wrong case', [f('GO.MOD')]],
  ['go.mod in a subdirectory with the wrong case', [f('sub/Go.mod')]],
  ['a Windows reserved name', [f('m.go'), f('con.go')]],
  ['a Windows reserved directory', [f('m.go'), f('aux/x.go')]],
  ['shell metacharacters', [f('m.go'), f('a*b.go'), f('q?.go'), f('p|q.go')]],
  ['a colon', [f('m.go'), f('c:x.go')]],
  ['a trailing dot', [f('m.go'), f('x.')]],
  ['a name that is only dots', [f('m.go'), f('sub/.../x')]],
  ['a double slash', [f('m.go'), f('sub//x.go')]],
  ['Unicode letters (allowed)', [f('é.go'), f('Ａ/𝐀.txt')]],
  ['a Unicode symbol (refused)', [f('☺.go')]],
  [
    'a name that is not valid UTF-8',
    [f('m.go'), { name: Buffer.concat([Buffer.from(P), Buffer.from([0xc3, 0x28])]), data: 'x' }],
  ],
  // Unicode simple case folding, as strToFold does it: each pair collides on a
  // case-insensitive file system and Go refuses the zip.
  ['long s and s', [f('ſ.txt'), f('s.txt')]],
  ['Kelvin sign and k', [f('K.txt'), f('k.txt')]],
  ['final sigma and sigma', [f('ς.txt'), f('σ.txt')]],
  ['micro sign and mu', [f('µ.txt'), f('μ.txt')]],
  ['ohm sign and omega', [f('Ω.txt'), f('ω.txt')]],
  ['dz digraphs', [f('ǅ.txt'), f('ǆ.txt')]],
  ['sharp s and capital sharp s', [f('ß.txt'), f('ẞ.txt')]],
  ['dotless i and i', [f('ı.txt'), f('i.txt')]],
  ['dotted capital I and i (no simple fold)', [f('İ.txt'), f('i.txt')]],
  ['sharp s and ss (no simple fold)', [f('ß.txt'), f('ss.txt')]],
  ['a go.mod larger than 16 MiB (declared)', [{ ...f('go.mod'), size: (16 << 20) + 1, method: 0 }]],
  [
    'a LICENSE larger than 16 MiB (declared)',
    [{ ...f('LICENSE'), size: (16 << 20) + 1, method: 0 }],
  ],
  [
    'more than 500 MiB in total (declared)',
    [
      { ...f('a.bin'), size: 300 << 20 },
      { ...f('b.bin'), size: 300 << 20 },
    ],
  ],
  [
    'exactly 500 MiB in total (declared)',
    [
      { ...f('a.bin'), size: 250 << 20 },
      { ...f('b.bin'), size: 250 << 20 },
    ],
  ],
];

let dir: string;
let oracle: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'modvault-modzip-'));
  oracle = xmodOracleBinary();
});
afterAll(() => removeTreeSync(dir));

function problemsOf(file: string): string[] {
  const reader = ZipReader.openSync(file);
  try {
    return moduleZipProblems(reader.entries, m);
  } finally {
    reader.close();
  }
}

describe('module zip rules (x/mod zip.CheckZip, the check Go runs before extracting)', () => {
  it.each(CASES.map(([label, entries], i) => [label, entries, i] as const))(
    '%s: ModVault and the toolchain agree',
    (_label, entries, i) => {
      const file = writeZip(dir, `case${i}.zip`, { entries });
      const [go] = askGo(oracle, [{ op: 'checkZip', args: [m.path, m.version, file] }]);
      const ours = problemsOf(file);
      const goInvalid = go!.invalid ?? [];
      // Same verdict, and every entry Go names is named by one of our problems.
      expect(ours.length > 0, `ours: ${ours.join(' | ')}; go: ${go!.err}`).toBe(go!.err !== '');
      for (const name of goInvalid) {
        expect(ours.some((p) => p.startsWith(name) || p.includes(JSON.stringify(name)))).toBe(true);
      }
      if (go!.value) expect(ours.some((p) => /500 MiB/.test(p))).toBe(true);
    },
  );

  it('has the limit Go has', () => {
    expect(MAX_ZIP_FILE).toBe(500 * 1024 * 1024);
  });

  it('verify reports rule violations of a zip that still hashes', async () => {
    const file = writeZip(dir, 'dup.zip', { entries: [f('m.go'), f('M.go')] });
    const res = await hashZipFile(file, { scratch: new ScratchBuffer(64), onGarbage: () => {} }, m);
    expect(res.problems.join('\n')).toMatch(/case-insensitive file name collision/);
  });
});

describe('strToFold', () => {
  it('folds every letter Go knows below U+20000 exactly as x/mod/zip does', () => {
    const [letters] = askGo(oracle, [{ op: 'letters', args: [String(0x20000)] }]);
    const chars = [...letters!.value];
    expect(chars.length).toBeGreaterThan(60_000);
    // One oracle question per 2000 characters keeps the request small.
    const batches: string[] = [];
    for (let i = 0; i < chars.length; i += 2000) batches.push(chars.slice(i, i + 2000).join(''));
    const answers = askGo(
      oracle,
      batches.map((b) => ({ op: 'fold' as const, args: [b] })),
    );
    const mismatches: string[] = [];
    batches.forEach((batch, i) => {
      const theirs = [...answers[i]!.value];
      [...batch].forEach((ch, j) => {
        const ours = strToFold(ch);
        if (ours !== theirs[j])
          mismatches.push(
            `${ch} U+${ch.codePointAt(0)!.toString(16)}: ours ${ours} go ${theirs[j]}`,
          );
      });
    });
    expect(mismatches).toEqual([]);
  });

  it('folds plain ASCII names without building the Unicode table', () => {
    expect(strToFold('README.md')).toBe('readme.md');
    expect(strToFold('go.mod')).toBe('go.mod');
  });
});
