import { describe, expect, it } from 'vitest';
import type { ProblemKind } from '../../shared/dto/cache';
import { actionFor, addToRepair, newRepair } from '../../electron/engine/doctor/repair-plan';
import type { VersionFacts } from '../../electron/engine/doctor/version-facts';
import { trustedH1, zipIsGood } from '../../electron/engine/doctor/version-facts';

const A = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const B = 'h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=';
const facts = (f: Partial<VersionFacts>): VersionFacts => ({
  zipH1: A,
  zipValid: true,
  ziphash: A,
  sumH1: null,
  sumModH1: null,
  treeH1: null,
  ...f,
});
const m = { path: 'example.com/x', version: 'v1.0.0' };

function decide(f: VersionFacts, kinds: ProblemKind[], snapshot: string | null = null) {
  const r = newRepair(m, f, snapshot);
  for (const k of kinds) addToRepair(r, k, k);
  return { r, actions: kinds.map((k) => actionFor(r, k)) };
}

describe('which part of a damaged version can be trusted', () => {
  it('trusts go.sum first, then any two copies that agree', () => {
    expect(trustedH1(facts({ sumH1: B }))).toBe(B);
    expect(trustedH1(facts({ ziphash: B, treeH1: A }))).toBe(A);
    expect(trustedH1(facts({ zipH1: B, ziphash: A, treeH1: A }))).toBe(A);
    expect(trustedH1(facts({ zipH1: B, ziphash: A }))).toBeNull();
    expect(zipIsGood(facts({ ziphash: null }))).toBe(true);
    expect(zipIsGood(facts({ zipValid: false }))).toBe(false);
  });

  it('rebuilds a wrong .ziphash when the zip matches go.sum or the tree, refetches a wrong zip', () => {
    expect(decide(facts({ ziphash: B, sumH1: A }), ['zip-mismatch']).actions).toEqual([
      'rebuild-ziphash',
    ]);
    expect(decide(facts({ ziphash: B, treeH1: A }), ['zip-mismatch']).actions).toEqual([
      'rebuild-ziphash',
    ]);
    expect(decide(facts({ zipH1: B, treeH1: A }), ['zip-mismatch']).actions).toEqual([
      'redownload',
    ]);
    expect(decide(facts({ zipH1: B }), ['zip-mismatch']).actions).toEqual(['redownload']);
    expect(decide(facts({ zipH1: B }), ['zip-mismatch'], 'snap-1').actions).toEqual([
      'restore-from-snapshot',
    ]);
  });

  it('re-extracts trees and rebuilds .mod only from a good zip; fetching the zip makes the rest moot', () => {
    expect(decide(facts({ treeH1: B }), ['tree-mismatch', 'mod-missing']).actions).toEqual([
      'reextract-tree',
      'rebuild-mod',
    ]);
    const both = decide(facts({ zipH1: null, zipValid: false }), [
      'zip-unreadable',
      'partial',
      'mod-missing',
    ]);
    expect(both.actions).toEqual(['redownload', 'redownload', 'redownload']);
    expect([...both.r.refetch].sort()).toEqual(['mod', 'zip']);
    expect(both.r.reextractTree).toBe(false);
    expect(decide(facts({}), ['info-invalid']).r.refetch).toEqual(new Set(['info']));
    expect(decide(facts({}), ['gosum-conflict']).actions).toEqual([undefined]);
  });
});
