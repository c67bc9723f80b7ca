import { beforeAll, describe, expect, it } from 'vitest';
import { parseGoMod } from '../../../electron/engine/gomod/gomod-file';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';

/** go.mod files the go command accepts; what we read must equal what modfile.Parse reads. */
const GO_MODS: [string, string][] = [
  ['minimal', 'module example.com/m\n'],
  [
    'gofmt-ed, with blocks and comments',
    `// The module.
module example.com/m

go 1.21

require (
\texample.com/a v1.0.0
\texample.com/b v1.2.3-pre // indirect
\t// a comment line inside the block
\texample.com/c v0.0.0-20240101120000-abcdef123456 // indirect; kept for the tests
)

require example.com/d v2.0.0+incompatible

exclude example.com/a v0.9.0

replace example.com/b => ../b

replace (
\texample.com/c v0.0.0-20240101120000-abcdef123456 => example.com/fork/c v1.0.0
\texample.com/e => example.com/e v1.1.0
)
`,
  ],
  [
    'quoted module path and requirement',
    'module "example.com/q"\n\nrequire "example.com/a" v1.0.0\n',
  ],
  ['CRLF line endings', 'module example.com/m\r\n\r\nrequire example.com/a v1.0.0 // indirect\r\n'],
  [
    'no space before the parenthesis',
    'module example.com/m\n\nrequire(\n\texample.com/a v1.0.0\n)\n',
  ],
  ['an empty block', 'module example.com/m\n\nrequire ()\n'],
  [
    'a comment after the closing parenthesis',
    'module example.com/m\nrequire (\n\texample.com/a v1.0.0\n) // done\n',
  ],
  [
    'indirect markers Go does not recognize',
    'module example.com/m\nrequire (\n\texample.com/a v1.0.0 // indirect stuff\n\texample.com/b v1.0.0 // foo; indirect\n\texample.com/c v1.0.0 //indirect\n\texample.com/d v1.0.0 // indirectly\n\texample.com/e v1.0.0 //   indirect  \n)\n',
  ],
  [
    'retract with a range',
    'module example.com/m\n\nretract [v1.0.0, v1.0.5] // broken\nretract (\n\tv1.1.0\n\t[v1.2.0, v1.2.3]\n)\n',
  ],
  ['toolchain-free go line', 'module example.com/m\ngo 1.19\n'],
  [
    'replace with a version on the left only',
    'module example.com/m\nreplace example.com/a v1.0.0 => ./local\n',
  ],
  ['tabs and trailing spaces', 'module\texample.com/m   \nrequire\texample.com/a\tv1.0.0\t\n'],
];

describe('go.mod parsing (compared with modfile.Parse of the toolchain)', () => {
  let oracle: string;
  beforeAll(() => {
    oracle = xmodOracleBinary();
  });

  it.each(GO_MODS)('%s', (_label, text) => {
    const [go] = askGo(oracle, [{ op: 'parseGoMod', args: [text] }]);
    expect(go!.err, 'the go command accepts this go.mod').toBe('');
    const theirs = JSON.parse(go!.value) as Record<string, unknown>;
    const ours = parseGoMod(text);
    expect(ours.warnings).toEqual([]);
    expect({
      module: ours.module ?? '',
      go: ours.go ?? '',
      requires: ours.requires,
      replaces: ours.replaces.map((r) => ({
        old: { path: r.old.path, version: r.old.version ?? '' },
        new: { path: r.new.path, version: r.new.version ?? '' },
      })),
      excludes: ours.excludes.map((e) => ({ path: e.path, version: e.version ?? '' })),
    }).toEqual({
      module: theirs.module,
      go: theirs.go,
      requires: theirs.requires,
      replaces: theirs.replaces,
      excludes: theirs.excludes,
    });
  });

  it('reads go.work files as ParseWork does', () => {
    const text =
      'go 1.21\n\nuse ./a\nuse (\n\t./b // the b module\n\t"./with space"\n)\n\nreplace example.com/x => ./x\n';
    const [go] = askGo(oracle, [{ op: 'parseGoWork', args: [text] }]);
    expect(go!.err).toBe('');
    const theirs = JSON.parse(go!.value) as { uses: string[]; go: string };
    const ours = parseGoMod(text);
    expect(ours.uses).toEqual(theirs.uses);
    expect(ours.go).toBe(theirs.go);
    expect(ours.replaces).toHaveLength(1);
  });
});

describe('malformed go.mod files are read as far as possible, never thrown on', () => {
  it.each([
    [
      'a requirement without version',
      'module example.com/m\nrequire example.com/a\n',
      /require needs/,
    ],
    [
      'a replace without arrow',
      'module example.com/m\nreplace example.com/a example.com/b\n',
      /malformed replace/,
    ],
    [
      'a replace with nothing after the arrow',
      'module example.com/m\nreplace example.com/a =>\n',
      /malformed replace/,
    ],
    ['an unterminated string', 'module "example.com/m\n', /unterminated/],
    [
      'an unterminated block',
      'module example.com/m\nrequire (\n\texample.com/a v1.0.0\n',
      /unterminated require block/,
    ],
  ])('%s', (_label, text, warning) => {
    const parsed = parseGoMod(text);
    expect(parsed.warnings.join('\n')).toMatch(warning);
    expect(parsed.module).toMatch(/example\.com\/m/);
  });

  it('keeps the requirements of an unterminated block', () => {
    expect(parseGoMod('module m\nrequire (\n\texample.com/a v1.0.0\n').requires).toEqual([
      { path: 'example.com/a', version: 'v1.0.0', indirect: false },
    ]);
  });

  it('survives binary garbage', () => {
    const garbage = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString(
      'latin1',
    );
    expect(() => parseGoMod(garbage)).not.toThrow();
    expect(() => parseGoMod('')).not.toThrow();
    expect(parseGoMod('').module).toBeNull();
  });
});
