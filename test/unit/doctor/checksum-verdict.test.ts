import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/clean/audit-log';
import type { DbWitness, ZipEvidence } from '../../../electron/engine/doctor/checksum-verdict';
import { decideMod, decideZip } from '../../../electron/engine/doctor/checksum-verdict';
import { GoSumEditor } from '../../../electron/engine/doctor/gosum-editor';

const A = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const B = 'h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=';
const C = 'h1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=';
const db = (h1: string | null, modH1: string | null = null): DbWitness => ({
  kind: 'found',
  name: 'sum.test',
  via: 'http://127.0.0.1/',
  h1,
  modH1,
});
const off: DbWitness = { kind: 'silent', why: { reason: 'off' } };
const ev = (e: Partial<ZipEvidence>): ZipEvidence => ({
  zip: A,
  ziphash: A,
  tree: null,
  sums: [],
  snapshotWithSum: null,
  ...e,
});
const sum = (h1: string, file = '/p/go.sum') => ({ file, h1 });

describe('checksum verdicts: who disagrees', () => {
  it.each([
    ['all agree', ev({ sums: [sum(A)] }), db(A), null],
    ['go.sum wrong, database sides with the cache', ev({ sums: [sum(B)] }), db(A), 'gosum'],
    ['cache replaced, database sides with go.sum', ev({ sums: [sum(B)] }), db(B), 'cache'],
    ['zip alone changed', ev({ ziphash: B, sums: [sum(B)] }), db(B), 'zip'],
    ['.ziphash alone wrong', ev({ ziphash: B, sums: [sum(A)] }), db(A), 'ziphash'],
    [
      'cache and one go.sum wrong',
      ev({ sums: [sum(A, '/a'), sum(B, '/b')] }),
      db(B),
      'cache-and-gosum',
    ],
    [
      'database against go.sum and cache',
      ev({ ziphash: B, sums: [sum(A)] }),
      db(C),
      'sumdb-disagrees',
    ],
    ['offline: cache against go.sum', ev({ sums: [sum(B)] }), off, 'undecided'],
    ['offline: go.sum settles the cache', ev({ ziphash: B, sums: [sum(B)] }), off, 'zip'],
    [
      'offline: a snapshot with go.sum’s hash',
      ev({ sums: [sum(B)], snapshotWithSum: B }),
      off,
      'cache',
    ],
    ['offline: two cache copies outvote one', ev({ ziphash: B, tree: B }), off, 'zip'],
    [
      'offline: two go.sum files disagree',
      ev({ sums: [sum(A, '/a'), sum(B, '/b')] }),
      off,
      'undecided',
    ],
  ])('%s', (_name, evidence, witness, culprit) => {
    const v = decideZip(evidence, witness);
    expect(v?.culprit ?? null).toBe(culprit);
    if (v && v.culprit !== 'undecided') expect(v.truth).not.toBeNull();
    if (v?.culprit === 'undecided') expect(v.wrongSums).toEqual([]);
  });

  it('a database answer that fails verification decides nothing, even where all else agrees', () => {
    const bad: DbWitness = {
      kind: 'silent',
      why: { reason: 'misbehaving', name: 'sum.test', error: 'bad signature' },
    };
    expect(decideZip(ev({ sums: [sum(A)] }), bad)?.culprit).toBe('sumdb-misbehaving');
  });

  it('go.mod: the database, or go.sum with the go.mod inside the zip, outvote the .mod file', () => {
    expect(decideMod({ mod: B, zipGoMod: A, sums: [sum(A)] }, off)?.culprit).toBe('mod');
    expect(decideMod({ mod: B, zipGoMod: B, sums: [sum(A)] }, off)?.culprit).toBe('undecided');
    expect(decideMod({ mod: A, zipGoMod: A, sums: [sum(B)] }, db(null, A))?.culprit).toBe('gosum');
    expect(decideMod({ mod: A, zipGoMod: A, sums: [sum(A)] }, db(null, A))).toBeNull();
  });
});

describe('GoSumEditor: one go.sum line, kept and undoable', () => {
  it('rewrites that line only, keeps the old file, undoes, and refuses to undo over a newer edit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'modvault-gosum-'));
    const file = path.join(dir, 'go.sum');
    const text = `example.com/a v1.0.0 ${B}\nexample.com/a v1.0.0/go.mod ${B}\nexample.com/b v1.0.0 ${B}\n`;
    writeFileSync(file, text);
    const editor = new GoSumEditor(
      path.join(dir, 'data'),
      new AuditLog(path.join(dir, 'data'), Date.now),
      Date.now,
    );
    const fix = { file, key: 'example.com/a v1.0.0', from: B, to: A };
    const id = await editor.apply([fix]);
    expect(readFileSync(file, 'utf8')).toBe(
      text.replace(`example.com/a v1.0.0 ${B}`, `example.com/a v1.0.0 ${A}`),
    );
    await editor.undo(id);
    expect(readFileSync(file, 'utf8')).toBe(text);

    const again = await editor.apply([fix]);
    writeFileSync(file, text.replace(`example.com/a v1.0.0 ${B}`, `example.com/a v1.0.0 ${C}`));
    await expect(editor.undo(again)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(editor.apply([{ ...fix, from: B }])).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
