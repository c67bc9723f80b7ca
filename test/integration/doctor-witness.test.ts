import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DoctorFinding, DoctorReport } from '../../shared/dto/doctor';
import type { GoFixture } from '../fixtures/go-fixture';
import { downloadFile, tamperZip, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { startSumdb } from '../helpers/sumdb-server';
import { giveToNobody, runAsNobody } from '../helpers/unprivileged';

// The doctor's third witness: a real checksum database (x/mod/sumdb, on 127.0.0.1) settles who
// is wrong when the cache and go.sum disagree; the real go command shows the error before and
// that it is gone after. Everything runs as nobody on a cache and projects nobody owns.

const LIB = 'example.com/lib@v1.1.0';
const PSEUDO = 'example.com/pseudo@v0.0.0-20240101120000-abcdef123456';
const NOMOD = 'example.com/nomod@v2.0.0+incompatible';
const WRONG = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const byId = (r: DoctorReport) => new Map(r.findings.map((f) => [f.id, f]));
const cacheFindings = (list: DoctorFinding[]) => list.filter((f) => f.area !== 'environment');

/** The true lines of every version the fixture projects use, as sum.golang.org would serve. */
async function trueSumdb(fx: GoFixture, opts: Parameters<typeof startSumdb>[3] = {}) {
  const lines = new Set<string>();
  for (const dir of [fx.projects.alpha, fx.projects.beta])
    for (const l of readFileSync(path.join(dir, 'go.sum'), 'utf8').split('\n'))
      if (l.trim()) lines.add(l.trim());
  const db = await startSumdb(fx.root, [...lines], undefined, opts);
  onTestFinished(() => db.close());
  return db;
}

/** Replaces the one go.sum line "<key> <h1>" with another hash; returns the original text. */
function editSumLine(file: string, key: string, to: string): string {
  const text = readFileSync(file, 'utf8');
  const at = key.lastIndexOf('@');
  const prefix = `${key.slice(0, at)} ${key.slice(at + 1)} `;
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(prefix));
  expect(i, `${key} in ${file}`).toBeGreaterThanOrEqual(0);
  lines[i] = prefix + to;
  writeFileSync(file, lines.join('\n'));
  return text;
}

async function doctor(fx: GoFixture, env: Record<string, string>, fix = false) {
  const projects = path.join(fx.root, 'projects');
  const args = ['doctor', '--project-root', projects, '--json', ...(fix ? ['--fix'] : [])];
  return (await runCli(args, { env, asNobody: true })).json<DoctorReport>();
}

/** go build as nobody, offline: 'ok', or what go printed. */
async function goBuild(_fx: GoFixture, dir: string, env: Record<string, string>) {
  const r = await runAsNobody('go', ['build', './...'], { ...env, GOPROXY: 'off' }, dir);
  return r.code === 0 ? 'ok' : r.stderr;
}

describe('modvault doctor: the checksum database as the third witness', () => {
  it('a wrong go.sum line: the database sides with the cache; --fix rewrites that one line; offline it cannot decide', async () => {
    const fx = await copyFixture();
    const db = await trueSumdb(fx);
    const sum = path.join(fx.projects.alpha, 'go.sum');
    const original = editSumLine(sum, LIB, WRONG);
    const edited = readFileSync(sum, 'utf8');
    const zip = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.1.0', 'zip');
    const zipBytes = readFileSync(zip);
    const zipTime = statSync(zip).mtimeMs;
    await giveToNobody(fx.root);
    expect(await goBuild(fx, fx.projects.alpha, fx.env)).toMatch(
      /checksum mismatch|SECURITY ERROR/,
    );

    // Offline (GOSUMDB=off): the cache against go.sum, one each — nobody can tell; nothing changes.
    const offline = await doctor(fx, fx.env, true);
    const undecided = byId(offline).get(`checksum:${LIB}`)!;
    expect(undecided.verdict).toMatchObject({ culprit: 'undecided', truth: null });
    expect(undecided.verdict!.sumdb).toEqual({ reason: 'off' });
    expect(undecided.action).toBeUndefined();
    expect(undecided.message).toMatch(/cannot tell which one is wrong/);
    expect(undecided.message).not.toMatch(/delete/i);
    expect(offline.fixes.filter((f) => f.version === 'v1.1.0')).toEqual([]);
    expect(readFileSync(sum, 'utf8')).toBe(edited);
    expect(readFileSync(zip)).toEqual(zipBytes);

    // With the database: go.sum is the one that disagrees.
    const env = { ...fx.env, GOSUMDB: db.gosumdb };
    const check = await doctor(fx, env);
    const found = byId(check);
    const verdict = found.get(`checksum:${LIB}`)!;
    expect(verdict.verdict).toMatchObject({ culprit: 'gosum', subject: 'zip' });
    expect(verdict.action).toBe('fix-gosum-line');
    expect(verdict.message).toContain(sum);
    expect(verdict.message).toMatch(/go\.sum line .* is wrong/);
    const truth = verdict.verdict!.truth!;
    expect(original).toContain(`example.com/lib v1.1.0 ${truth}`);
    const who = Object.fromEntries(verdict.verdict!.witnesses.map((w) => [w.party, w.agrees]));
    expect(who).toMatchObject({ zip: true, ziphash: true, gosum: false, sumdb: true });
    expect(found.get(`gosum-mismatch:${LIB}`)).toMatchObject({ explainedBy: verdict.id });
    expect(found.get(`gosum-mismatch:${LIB}`)!.action).toBe('fix-gosum-line');

    const fixed = await doctor(fx, env, true);
    const fix = fixed.fixes.find((f) => f.version === 'v1.1.0')!;
    expect(fix, fix?.message).toMatchObject({ action: 'fix-gosum-line', ok: true, verified: true });
    expect(fix.gosumBackupId).toMatch(/^g-/);
    expect(fix.quarantineId).toBeNull();
    expect(readFileSync(sum, 'utf8')).toBe(original); // that line only, byte for byte
    expect(readFileSync(zip)).toEqual(zipBytes);
    expect(statSync(zip).mtimeMs).toBe(zipTime);
    expect(cacheFindings(fixed.remaining!)).toEqual([]);
    expect(await goBuild(fx, fx.projects.alpha, fx.env)).toBe('ok');
  });

  it("the cache's copy replaced, zip and .ziphash alike: go.sum and the database agree; --fix fetches it again; offline it cannot decide", async () => {
    const fx = await copyFixture();
    const db = await trueSumdb(fx);
    const M = fx.gomodcache;
    const h1 = await tamperZip(M, 'example.com/lib', 'v1.1.0', 'lib.go');
    writeFileSync(downloadFile(M, 'example.com/lib', 'v1.1.0', 'ziphash'), h1);
    rmSync(treeDir(M, 'example.com/lib', 'v1.1.0'), { recursive: true, force: true });
    const sum = path.join(fx.projects.alpha, 'go.sum');
    const sumText = readFileSync(sum, 'utf8');
    const tampered = readFileSync(downloadFile(M, 'example.com/lib', 'v1.1.0', 'zip'));
    await giveToNobody(fx.root);
    expect(await goBuild(fx, fx.projects.alpha, fx.env)).toMatch(
      /checksum mismatch|SECURITY ERROR/,
    );

    const offline = await doctor(fx, fx.env, true);
    const open = byId(offline).get(`checksum:${LIB}`)!;
    expect(open.verdict!.culprit).toBe('undecided');
    expect(open.message).toContain(h1);
    expect(offline.fixes.filter((f) => f.version === 'v1.1.0')).toEqual([]);
    expect(readFileSync(downloadFile(M, 'example.com/lib', 'v1.1.0', 'zip'))).toEqual(tampered);
    expect(readFileSync(sum, 'utf8')).toBe(sumText);

    const env = { ...fx.env, GOSUMDB: db.gosumdb };
    const found = byId(await doctor(fx, env));
    const verdict = found.get(`checksum:${LIB}`)!;
    expect(verdict.verdict).toMatchObject({ culprit: 'cache', wrongSums: [] });
    expect(verdict.action).toBe('redownload');
    expect(verdict.message).toMatch(/replaced, zip and \.ziphash alike/);

    const fixed = await doctor(fx, env, true);
    const fix = fixed.fixes.find((f) => f.version === 'v1.1.0')!;
    expect(fix, fix?.message).toMatchObject({ action: 'redownload', ok: true, verified: true });
    expect(fix.gosumBackupId).toBeUndefined();
    expect(readFileSync(sum, 'utf8')).toBe(sumText);
    expect(cacheFindings(fixed.remaining!)).toEqual([]);
    expect(await goBuild(fx, fx.projects.alpha, fx.env)).toBe('ok');
  });

  it('a changed .mod and two go.sum files that disagree: each verdict repairs only its wrong witness', async () => {
    const fx = await copyFixture();
    const db = await trueSumdb(fx);
    const M = fx.gomodcache;
    const modFile = downloadFile(M, 'example.com/nomod', 'v2.0.0+incompatible', 'mod');
    const goodMod = readFileSync(modFile, 'utf8');
    writeFileSync(modFile, 'module example.com/nomod\n\ngo 1.99\n');
    const betaSum = path.join(fx.projects.beta, 'go.sum');
    const alphaSum = path.join(fx.projects.alpha, 'go.sum');
    const alphaText = readFileSync(alphaSum, 'utf8');
    const betaOriginal = readFileSync(betaSum, 'utf8');
    const pseudoLine = (h1: string) => `${PSEUDO.replace('@', ' ')} ${h1}\n`;
    writeFileSync(betaSum, betaOriginal + pseudoLine(WRONG));
    await giveToNobody(fx.root);

    const env = { ...fx.env, GOSUMDB: db.gosumdb };
    const found = byId(await doctor(fx, env));
    expect(found.get(`checksum:${NOMOD}/go.mod`)).toMatchObject({
      action: 'rebuild-mod',
      verdict: { subject: 'go.mod', culprit: 'mod' },
    });
    const pseudo = found.get(`checksum:${PSEUDO}`)!;
    expect(pseudo).toMatchObject({ action: 'fix-gosum-line', verdict: { culprit: 'gosum' } });
    expect(pseudo.verdict!.wrongSums).toEqual([{ file: betaSum, h1: WRONG }]);
    expect(found.get(`gosum-conflict:${PSEUDO}`)).toMatchObject({ explainedBy: pseudo.id });

    const fixed = await doctor(fx, env, true);
    for (const f of fixed.fixes) expect(f, f.message).toMatchObject({ ok: true, verified: true });
    expect(fixed.fixes.map((f) => f.action).sort()).toEqual(['fix-gosum-line', 'rebuild-mod']);
    expect(readFileSync(modFile, 'utf8')).toBe(goodMod);
    expect(readFileSync(betaSum, 'utf8')).toBe(betaOriginal + pseudoLine(pseudo.verdict!.truth!));
    expect(alphaText).toContain(pseudoLine(pseudo.verdict!.truth!));
    expect(readFileSync(alphaSum, 'utf8')).toBe(alphaText);
    expect(cacheFindings(fixed.remaining!)).toEqual([]);
    for (const dir of [fx.projects.alpha, fx.projects.beta])
      expect(await goBuild(fx, dir, fx.env)).toBe('ok');
  });

  it('a database whose answer fails verification, or a private module, decides nothing and --fix changes nothing', async () => {
    const fx = await copyFixture();
    const honest = await trueSumdb(fx, { keyFile: path.join(fx.root, 'a.key') });
    const impostor = await trueSumdb(fx, { keyFile: path.join(fx.root, 'b.key'), sumsName: 'b' });
    const sum = path.join(fx.projects.alpha, 'go.sum');
    editSumLine(sum, LIB, WRONG);
    const edited = readFileSync(sum, 'utf8');
    await giveToNobody(fx.root);

    // The key of one database, the answers of another (signed with another key).
    const forged = { ...fx.env, GOSUMDB: `${honest.vkey} ${impostor.url}` };
    const bad = await doctor(fx, forged, true);
    const verdict = byId(bad).get(`checksum:${LIB}`)!;
    expect(verdict.verdict!.culprit).toBe('sumdb-misbehaving');
    expect(verdict.action).toBeUndefined();
    expect(verdict.fix).toMatch(/GOPROXY and GOSUMDB/);
    expect(bad.fixes.filter((f) => f.version === 'v1.1.0')).toEqual([]);
    expect(readFileSync(sum, 'utf8')).toBe(edited);

    const privately = { ...fx.env, GOSUMDB: honest.gosumdb, GOPRIVATE: 'example.com' };
    const priv = byId(await doctor(fx, privately, true)).get(`checksum:${LIB}`)!;
    expect(priv.verdict).toMatchObject({
      culprit: 'undecided',
      sumdb: { reason: 'private', variable: 'GOPRIVATE', pattern: 'example.com' },
    });
    expect(priv.message).toMatch(/is private \(GOPRIVATE=example\.com\)/);
    expect(readFileSync(sum, 'utf8')).toBe(edited);
  });
});
