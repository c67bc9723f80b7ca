import { beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalModuleVersion,
  canonicalSemver,
  compareSemver,
  isCanonicalModuleVersion,
  isPseudoVersion,
  isValidSemver,
  sortVersions,
} from '../../../electron/engine/gomod/semver';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';

// The table of golang.org/x/mod/semver/semver_test.go, in increasing order: [input, canonical].
const TESTS: [string, string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

/** Inputs beyond the table: leading zeros, empty identifiers, huge numbers, odd characters. */
const MORE = [
  '',
  'v',
  'v01.0.0',
  'v1.01.0',
  'v1.0.01',
  'v1.0.0-01',
  'v1.0.0-0',
  'v1.0.0-00a',
  'v1.0.0-',
  'v1.0.0-a..b',
  'v1.0.0+',
  'v1.0.0+a+b',
  'v1.0.0+incompatible',
  'v2.0.0+incompatible',
  'v2+incompatible',
  'v1.0.0-RC.1',
  'v1.0.0-rc.1',
  'v99999999999999999999.0.0',
  'v1.0.0-é',
  'V1.0.0',
  '1.0.0',
  'v1.0.0 ',
  'v1.2.3.4',
  'v1.19.0',
  'v1.2.0',
  'v0.0.0-20240101120000-abcdef123456',
  'v1.2.4-0.20191109021931-daa7c04131f5',
  'v1.2.3-pre.0.20191109021931-daa7c04131f5',
  'v2.0.0-20191109021931-daa7c04131f5+incompatible',
  'v1.2.3-20191109021931-daa7c04131f5',
  'v0.0.0-20191109021931-DAA7C04131F5',
  'v0.0.0-2019110902193-daa7c04131f5',
  'v1.0.0-0.20191109021931-x',
  'v0.0.0-20191109021931-daa7c04131f5+meta.data',
  'v0.0.1-go1.21.0.linux-amd64',
];

describe('semver (x/mod semver_test.go)', () => {
  it.each(TESTS)('%j is canonically %j', (input, canonical) => {
    expect(isValidSemver(input)).toBe(canonical !== '');
    expect(canonicalSemver(input)).toBe(canonical);
  });

  it('orders the table as semver_test.go does (TestCompare)', () => {
    TESTS.forEach(([vi, ci], i) => {
      TESTS.forEach(([vj, cj], j) => {
        const want = ci === cj ? 0 : i < j ? -1 : 1;
        expect(compareSemver(vi, vj), `Compare(${vi}, ${vj})`).toBe(want);
      });
    });
    expect(compareSemver('v1', 'v1')).toBe(0);
    expect(compareSemver('v2', 'v1')).toBe(1);
    expect(compareSemver('v1', 'v2')).toBe(-1);
    expect(compareSemver('v1.19', 'v1.2')).toBe(1);
    expect(compareSemver('v1.2', 'v1.19')).toBe(-1);
  });

  it('sorts like semver.Sort, ties broken by the string', () => {
    const shuffled = ['v1.0.0+b', 'v1.0.0-rc.1', 'bad', 'v1.10.0', 'v1.0.0+a', 'v1.2.0', 'apple'];
    expect(sortVersions(shuffled)).toEqual([
      'apple',
      'bad',
      'v1.0.0-rc.1',
      'v1.0.0+a',
      'v1.0.0+b',
      'v1.2.0',
      'v1.10.0',
    ]);
  });

  it('keeps +incompatible in module versions (module.CanonicalVersion)', () => {
    expect(canonicalModuleVersion('v2.0.0+incompatible')).toBe('v2.0.0+incompatible');
    // Shorthand versions take no build suffix at all.
    expect(canonicalModuleVersion('v2+incompatible')).toBe('');
    expect(canonicalModuleVersion('v2.0.0+meta')).toBe('v2.0.0');
    expect(isCanonicalModuleVersion('v2.0.0+incompatible')).toBe(true);
    expect(isCanonicalModuleVersion('v1.2')).toBe(false);
    expect(isCanonicalModuleVersion('v1.2.0+meta')).toBe(false);
    expect(isCanonicalModuleVersion('')).toBe(false);
  });

  it('recognizes the three pseudo-version forms and nothing else', () => {
    expect(isPseudoVersion('v0.0.0-20240101120000-abcdef123456')).toBe(true);
    expect(isPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5')).toBe(true);
    expect(isPseudoVersion('v1.2.3-pre.0.20191109021931-daa7c04131f5')).toBe(true);
    expect(isPseudoVersion('v2.0.0-20191109021931-daa7c04131f5+incompatible')).toBe(true);
    // A timestamp straight after a non-zero base is not a pseudo-version.
    expect(isPseudoVersion('v1.2.3-20191109021931-daa7c04131f5')).toBe(false);
    expect(isPseudoVersion('v0.0.0-2019110902193-daa7c04131f5')).toBe(false);
    expect(isPseudoVersion('v1.2.3')).toBe(false);
  });
});

describe('differential check against the toolchain', () => {
  const inputs = [...TESTS.map(([v]) => v), ...MORE];
  let oracle: string;
  beforeAll(() => {
    oracle = xmodOracleBinary();
  });

  it('IsValid, Canonical, CanonicalVersion and IsPseudoVersion agree with x/mod', () => {
    const ops = ['isValid', 'canonical', 'canonicalVersion', 'isPseudoVersion'] as const;
    const answers = askGo(
      oracle,
      inputs.flatMap((v) => ops.map((op) => ({ op, args: [v] }))),
    );
    const mismatches: string[] = [];
    inputs.forEach((v, i) => {
      const [valid, canonical, canonicalVersion, pseudo] = answers.slice(4 * i, 4 * i + 4);
      const ours = [
        String(isValidSemver(v)),
        canonicalSemver(v),
        canonicalModuleVersion(v),
        String(isPseudoVersion(v)),
      ];
      const theirs = [valid!.value, canonical!.value, canonicalVersion!.value, pseudo!.value];
      if (JSON.stringify(ours) !== JSON.stringify(theirs))
        mismatches.push(`${JSON.stringify(v)}: ours ${ours.join(' ')} go ${theirs.join(' ')}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('Compare agrees with x/mod on every pair', () => {
    const pairs = inputs.flatMap((v) => inputs.map((w) => [v, w] as [string, string]));
    const answers = askGo(
      oracle,
      pairs.map(([v, w]) => ({ op: 'compare' as const, args: [v, w] })),
    );
    const mismatches = pairs.filter(
      ([v, w], i) => String(compareSemver(v, w)) !== answers[i]!.value,
    );
    expect(mismatches).toEqual([]);
  });
});
