import { beforeAll, describe, expect, it } from 'vitest';
import {
  escapePath,
  escapeVersion,
  filePathProblem,
  InvalidModuleError,
  modulePathProblem,
  tryUnescapePath,
  tryUnescapeVersion,
  unescapePath,
  unescapeVersion,
} from '../../../electron/engine/gomod/escape';
import type { OracleAnswer, OracleOp } from '../../helpers/xmod-oracle';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';

// checkPathTests of golang.org/x/mod/module/module_test.go: [path, module path ok, file path ok].
// Where x/mod changed since that table was written, the entries follow the toolchain installed
// here (Go 1.19: a leading dash is fine in file paths, '+' is not allowed in module paths); the
// oracle test below settles every entry with the toolchain's own code.
const CHECK_PATH: [string, boolean, boolean][] = [
  ['x.y/z', true, true],
  ['x.y', true, true],
  ['', false, false],
  ['/x.y/z', false, false],
  ['x./z', false, false],
  ['.x/z', false, true],
  ['-x/z', false, true],
  ['x..y/z', true, true],
  ['x.y/z/../../w', false, false],
  ['x.y//z', false, false],
  ['x.y/z//w', false, false],
  ['x.y/z/', false, false],
  ['x.y/z/v0', false, true],
  ['x.y/z/v1', false, true],
  ['x.y/z/v2', true, true],
  ['x.y/z/v2.0', false, true],
  ['X.y/z', false, true],
  ['!x.y/z', false, true],
  ['_x.y/z', false, true],
  ['x.y!/z', false, true],
  ['x.y"/z', false, false],
  ['x.y#/z', false, true],
  ['x.y$/z', false, true],
  ['x.y%/z', false, true],
  ['x.y&/z', false, true],
  ["x.y'/z", false, false],
  ['x.y(/z', false, true],
  ['x.y)/z', false, true],
  ['x.y*/z', false, false],
  ['x.y+/z', false, true],
  ['x.y,/z', false, true],
  ['x.y-/z', true, true],
  ['x.y./zt', false, false],
  ['x.y:/z', false, false],
  ['x.y;/z', false, false],
  ['x.y</z', false, false],
  ['x.y=/z', false, true],
  ['x.y>/z', false, false],
  ['x.y?/z', false, false],
  ['x.y@/z', false, true],
  ['x.y[/z', false, true],
  ['x.y\\/z', false, false],
  ['x.y]/z', false, true],
  ['x.y^/z', false, true],
  ['x.y_/z', false, true],
  ['x.y`/z', false, false],
  ['x.y{/z', false, true],
  ['x.y}/z', false, true],
  ['x.y~/z', false, true],
  ['x.y/z!', false, true],
  ['x.y/z"', false, false],
  ['x.y/z#', false, true],
  ['x.y/z$', false, true],
  ['x.y/z%', false, true],
  ['x.y/z&', false, true],
  ["x.y/z'", false, false],
  ['x.y/z(', false, true],
  ['x.y/z)', false, true],
  ['x.y/z*', false, false],
  ['x.y/z+', false, true],
  ['x.y/z,', false, true],
  ['x.y/z-', true, true],
  ['x.y/z.t', true, true],
  ['x.y/z/t', true, true],
  ['x.y/z:', false, false],
  ['x.y/z;', false, false],
  ['x.y/z<', false, false],
  ['x.y/z=', false, true],
  ['x.y/z>', false, false],
  ['x.y/z?', false, false],
  ['x.y/z@', false, true],
  ['x.y/z[', false, true],
  ['x.y/z\\', false, false],
  ['x.y/z]', false, true],
  ['x.y/z^', false, true],
  ['x.y/z_', true, true],
  ['x.y/z`', false, false],
  ['x.y/z{', false, true],
  ['x.y/z}', false, true],
  ['x.y/z~', true, true],
  ['x.y/x.foo', true, true],
  ['x.y/aux.foo', false, false],
  ['x.y/prn', false, false],
  ['x.y/prn2', true, true],
  ['x.y/com', true, true],
  ['x.y/com1', false, false],
  ['x.y/com1.txt', false, false],
  ['x.y/calm1', true, true],
  ['github.com/!123/logrus', false, true],
  ['github.com/user/unicode/испытание', false, true],
  ['../x', false, false],
  ['./y', false, false],
  ['x:y', false, false],
  ['\\temp\\foo', false, false],
  ['.gitignore', false, true],
  ['.github/ISSUE_TEMPLATE', false, true],
  ['x☺y', false, false],
  // Beyond module_test.go: major-version suffixes, gopkg.in, Windows short names.
  ['gopkg.in/yaml.v2', true, true],
  ['gopkg.in/yaml.v0', true, true],
  ['gopkg.in/yaml.v01', false, true],
  ['gopkg.in/yaml', false, true],
  ['gopkg.in/yaml.v3-unstable', true, true],
  ['example.com/x~1', false, true],
  ['example.com/x~1a', true, true],
  ['example.com/pkg/v10', true, true],
  ['example.com/pkg/v02', false, true],
  ['example.com/v', true, true],
  ['github.com/BurntSushi/toml', true, true],
  ['a.b-c.d/e', true, true],
  ['exa_mple.com/x', false, true],
];

describe('module and file path checks (x/mod module.CheckPath / CheckFilePath)', () => {
  let oracle: string;
  beforeAll(() => {
    oracle = xmodOracleBinary();
  });

  it.each(CHECK_PATH)('%j: module ok %s, file ok %s', (p, moduleOK, fileOK) => {
    expect(modulePathProblem(p) === null).toBe(moduleOK);
    expect(filePathProblem(p) === null).toBe(fileOK);
  });

  it("agrees with the toolchain's x/mod on every table entry", () => {
    const answers = askGo(
      oracle,
      CHECK_PATH.flatMap(([p]) => [
        { op: 'checkPath' as const, args: [p] },
        { op: 'checkFilePath' as const, args: [p] },
      ]),
    );
    CHECK_PATH.forEach(([p], i) => {
      expect(modulePathProblem(p) === null, `CheckPath(${JSON.stringify(p)})`).toBe(
        answers[2 * i]!.err === '',
      );
      expect(filePathProblem(p) === null, `CheckFilePath(${JSON.stringify(p)})`).toBe(
        answers[2 * i + 1]!.err === '',
      );
    });
  });

  it('rejects strings that are not valid Unicode (Go: invalid UTF-8)', () => {
    expect(modulePathProblem('x.y/\ud800z')).not.toBeNull();
    expect(filePathProblem('x.y/\ud800z')).not.toBeNull();
    expect(filePathProblem('x.y/z\udc00')).not.toBeNull();
  });

  it('accepts Unicode letters beyond the BMP in file names, but not symbols', () => {
    expect(filePathProblem('dir/𝐀lpha.txt')).toBeNull();
    expect(filePathProblem('dir/😀.txt')).not.toBeNull();
  });
});

describe('escapePath / unescapePath (x/mod module.EscapePath)', () => {
  it('escapes upper-case letters as !+lower case and nothing else', () => {
    expect(escapePath('ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789')).toBe(
      'ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789',
    );
    expect(escapePath('github.com/GoogleCloudPlatform/omega')).toBe(
      'github.com/!google!cloud!platform/omega',
    );
    expect(escapePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
  });

  it('round-trips', () => {
    for (const p of ['github.com/GoogleCloudPlatform/omega', 'example.com/Upper/Case', 'x.y/z']) {
      expect(unescapePath(escapePath(p))).toBe(p);
    }
  });

  it.each(CHECK_PATH.filter(([, ok]) => !ok).map(([p]) => p))(
    'refuses to escape or unescape the invalid module path %j',
    (p) => {
      expect(() => escapePath(p)).toThrow(InvalidModuleError);
      expect(() => unescapePath(p)).toThrow(InvalidModuleError);
      expect(tryUnescapePath(p)).toBeNull();
    },
  );

  // badUnescape of module_test.go
  it.each([
    'github.com/GoogleCloudPlatform/omega',
    'github.com/!google!cloud!platform!/omega',
    'github.com/!0google!cloud!platform/omega',
    'github.com/!_google!cloud!platform/omega',
    'github.com/!!google!cloud!platform/omega',
    '',
    'github.com/!google!cloud!platform/omega!',
    'example.com/é',
  ])('rejects the bad escaped path %j', (bad) => {
    expect(() => unescapePath(bad)).toThrow(InvalidModuleError);
    expect(tryUnescapePath(bad)).toBeNull();
  });
});

describe('escapeVersion / unescapeVersion', () => {
  it('escapes upper case in versions too', () => {
    expect(escapeVersion('v1.2.0-RC.1')).toBe('v1.2.0-!r!c.1');
    expect(escapeVersion('v2.0.0+incompatible')).toBe('v2.0.0+incompatible');
    expect(unescapeVersion('v1.2.0-!r!c.1')).toBe('v1.2.0-RC.1');
    // Versions need not be semver, only valid file names.
    expect(escapeVersion('master')).toBe('master');
  });

  it.each(['', 'v1.0.0!', 'v1/0', '..', '.', 'v1.0.', 'con', 'v1.0.0-é', 'v1:0', 'v1*'])(
    'refuses the version %j as Go does',
    (v) => {
      expect(() => escapeVersion(v)).toThrow(InvalidModuleError);
    },
  );

  it.each(['v1.0.0-RC', 'v1.0.0-!', 'v1.0.0-!1', 'v1.0.0-!!a', '', 'v1.0.0-é', 'a/b'])(
    'refuses the escaped version %j',
    (v) => {
      expect(() => unescapeVersion(v)).toThrow(InvalidModuleError);
      expect(tryUnescapeVersion(v)).toBeNull();
    },
  );
});

/** Deterministic pseudo-random strings over characters that matter to Go's rules. */
function* randomStrings(seed: number, count: number): Generator<string> {
  const alphabet = [...'abcxyzABZ019.-_~+!/@#$%&()=[]^{}, :*?"<>|\\`\'é𝐀☺'];
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  for (let i = 0; i < count; i++) {
    const len = 1 + (next() % 14);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[next() % alphabet.length];
    // Most useful inputs look like module paths: give many of them a plausible host.
    yield next() % 3 === 0 ? s : `ex.com/${s}`;
  }
}

describe('differential check against the toolchain on generated inputs', () => {
  const inputs = [...new Set(randomStrings(20240101, 3000))];
  let answers: Map<string, OracleAnswer[]>;
  const OPS: OracleOp[] = [
    'checkPath',
    'checkFilePath',
    'escapePath',
    'escapeVersion',
    'unescapePath',
    'unescapeVersion',
  ];

  beforeAll(() => {
    const flat = askGo(
      xmodOracleBinary(),
      inputs.flatMap((s) => OPS.map((op) => ({ op, args: [s] }))),
    );
    answers = new Map(inputs.map((s, i) => [s, flat.slice(i * OPS.length, (i + 1) * OPS.length)]));
  });

  const attempt = (fn: () => string): { value: string; ok: boolean } => {
    try {
      return { value: fn(), ok: true };
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidModuleError);
      return { value: '', ok: false };
    }
  };

  it('validity and escaped forms match x/mod for every input', () => {
    const mismatches: string[] = [];
    for (const s of inputs) {
      const [checkPath, checkFile, escP, escV, unescP, unescV] = answers.get(s)!;
      const ours = {
        checkPath: modulePathProblem(s) === null,
        checkFilePath: filePathProblem(s) === null,
        escapePath: attempt(() => escapePath(s)),
        escapeVersion: attempt(() => escapeVersion(s)),
        unescapePath: attempt(() => unescapePath(s)),
        unescapeVersion: attempt(() => unescapeVersion(s)),
      };
      const theirs = {
        checkPath: checkPath!.err === '',
        checkFilePath: checkFile!.err === '',
        escapePath: { value: escP!.value, ok: escP!.err === '' },
        escapeVersion: { value: escV!.value, ok: escV!.err === '' },
        unescapePath: { value: unescP!.value, ok: unescP!.err === '' },
        unescapeVersion: { value: unescV!.value, ok: unescV!.err === '' },
      };
      if (JSON.stringify(ours) !== JSON.stringify(theirs))
        mismatches.push(
          `${JSON.stringify(s)}: ours ${JSON.stringify(ours)} go ${JSON.stringify(theirs)}`,
        );
    }
    expect(mismatches).toEqual([]);
  });
});
