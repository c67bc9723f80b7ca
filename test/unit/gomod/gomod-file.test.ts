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
  ['a toolchain line', 'module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.22.5\n'],
  ['toolchain default', 'module example.com/m\ngo 1.21\ntoolchain default\n'],
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
      toolchain: ours.toolchain ?? '',
      requires: ours.requires,
      replaces: ours.replaces.map((r) => ({
        old: { path: r.old.path, version: r.old.version ?? '' },
        new: { path: r.new.path, version: r.new.version ?? '' },
      })),
      excludes: ours.excludes.map((e) => ({ path: e.path, version: e.version ?? '' })),
    }).toEqual({
      module: theirs.module,
      go: theirs.go,
      toolchain: theirs.toolchain,
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

/** go.mod files of Go 1.23–1.25: godebug, tool and ignore directives, in every form. */
const MODERN_GO_MODS: [string, string][] = [
  [
    'a go 1.24 module with tools',
    `module example.com/m

go 1.24.0

toolchain go1.24.2

tool golang.org/x/tools/cmd/stringer

tool (
\texample.com/gen/cmd/gen
\t"example.com/quoted/tool" // a comment
)

require (
\tgolang.org/x/tools v0.30.0 // indirect
\texample.com/gen v1.0.0
)
`,
  ],
  [
    'godebug lines and blocks',
    'module example.com/m\n\ngo 1.23\n\ngodebug default=go1.21\n\ngodebug (\n\tpanicnil=1\n\tasynctimerchan=0 // kept\n)\n',
  ],
  [
    'ignore directives (Go 1.25)',
    'module example.com/m\n\ngo 1.25.0\n\nignore ./node_modules\nignore (\n\tstatic\n\t"./with space"\n)\n',
  ],
  [
    'every directive at once, CRLF',
    'module example.com/m\r\ngo 1.25.0\r\ntoolchain go1.25.1\r\ngodebug x509sha1=1\r\ntool example.com/t/cmd/t\r\nignore ./tmp\r\nrequire example.com/t v1.2.3\r\n',
  ],
];

/** Generated go.mod files: the same directives in random orders and forms. */
function generatedGoMods(count: number): [string, string][] {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const forms = (verb: string, args: string[]) => {
    if (args.length === 1 && rand(2) === 0) return `${verb} ${args[0]}\n`;
    return `${verb} (\n${args.map((a) => `\t${a}${rand(3) === 0 ? ' // c' : ''}\n`).join('')})\n`;
  };
  const out: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    const parts = [
      `go 1.2${3 + rand(3)}.${rand(4)}\n`,
      `toolchain go1.2${5 + rand(2)}.${rand(9)}\n`,
      forms('godebug', ['panicnil=1', 'default=go1.2' + rand(4)].slice(0, 1 + rand(2))),
      forms('tool', ['example.com/t/cmd/a', '"example.com/t/cmd/b"'].slice(0, 1 + rand(2))),
      forms('ignore', ['./vendor-old', 'testdata/big', '"./a b"'].slice(0, 1 + rand(3))),
      forms('require', ['example.com/t v1.0.' + rand(9), 'example.com/u v0.1.0 // indirect']),
    ];
    for (let j = parts.length - 1; j > 0; j--) {
      const k = rand(j + 1);
      [parts[j], parts[k]] = [parts[k]!, parts[j]!];
    }
    const nl = rand(4) === 0 ? '\r\n' : '\n';
    out.push([
      `generated #${i}`,
      `module example.com/gen${i}\n${parts.join('\n')}`.replaceAll('\n', nl),
    ]);
  }
  return out;
}

describe('go.mod directives of Go 1.23–1.25 (compared with modfile.Parse of the toolchain)', () => {
  let oracle: string;
  let supported: boolean;
  beforeAll(() => {
    oracle = xmodOracleBinary();
    supported = askGo(oracle, [{ op: 'directives', args: [] }])[0]!.value.includes('ignore');
  });

  it.each([...MODERN_GO_MODS, ...generatedGoMods(40)])('%s', (_label, text) => {
    const ours = parseGoMod(text);
    expect(ours.warnings).toEqual([]);
    if (!supported) {
      console.warn(`skipped: the x/mod of ${process.env.PATH?.split(':')[0]} predates Go 1.25`);
      return;
    }
    const [go] = askGo(oracle, [{ op: 'parseGoMod', args: [text] }]);
    expect(go!.err, 'the go command accepts this go.mod').toBe('');
    const theirs = JSON.parse(go!.value) as Record<string, unknown>;
    expect({
      go: ours.go ?? '',
      toolchain: ours.toolchain ?? '',
      requires: ours.requires,
      tools: ours.tools,
      ignores: ours.ignores,
      godebug: ours.godebug,
    }).toEqual({
      go: theirs.go,
      toolchain: theirs.toolchain,
      requires: theirs.requires,
      tools: theirs.tools,
      ignores: theirs.ignores,
      godebug: theirs.godebug,
    });
  });
});

/** go.work files with toolchain and godebug lines, hand-written and generated. */
const GO_WORKS: [string, string][] = [
  ['plain', 'go 1.22.0\n\nuse ./a\n'],
  ['toolchain line', 'go 1.23.0\n\ntoolchain go1.23.4\n\nuse (\n\t./a\n\t./b\n)\n'],
  [
    'godebug and toolchain',
    'go 1.24.0\ntoolchain go1.25.0\ngodebug (\n\tdefault=go1.21\n)\ngodebug panicnil=1\nuse ./a\nreplace example.com/x v1.0.0 => example.com/y v1.1.0\n',
  ],
  ...Array.from({ length: 12 }, (_, i): [string, string] => [
    `generated #${i}`,
    [
      `go 1.2${i % 4}.${i % 3}`,
      i % 2 ? `toolchain go1.2${4 + (i % 3)}.${i}` : '',
      i % 3 ? `godebug (\n\tpanicnil=${i % 2}\n)` : `godebug default=go1.2${i % 5}`,
      `use ${i % 2 ? '(\n\t./a\n\t"./b c"\n)' : './m' + i}`,
    ]
      .filter(Boolean)
      .join(i % 5 ? '\n' : '\n\n') + '\n',
  ]),
];

describe('go.work parsing (compared with modfile.ParseWork of the toolchain)', () => {
  let oracle: string;
  let supported: boolean;
  beforeAll(() => {
    oracle = xmodOracleBinary();
    supported = askGo(oracle, [{ op: 'directives', args: [] }])[0]!.value.includes('godebug');
  });

  it.each(GO_WORKS)('%s', (_label, text) => {
    const ours = parseGoMod(text);
    expect(ours.warnings).toEqual([]);
    const [go] = askGo(oracle, [{ op: 'parseGoWork', args: [text] }]);
    const modern = text.includes('godebug');
    if (modern && !supported) return;
    expect(go!.err, 'the go command accepts this go.work').toBe('');
    const theirs = JSON.parse(go!.value) as Record<string, unknown>;
    expect({
      go: ours.go ?? '',
      toolchain: ours.toolchain ?? '',
      uses: ours.uses,
      godebug: supported ? ours.godebug : [],
      replaces: ours.replaces.map((r) => ({
        old: { path: r.old.path, version: r.old.version ?? '' },
        new: { path: r.new.path, version: r.new.version ?? '' },
      })),
    }).toEqual({
      go: theirs.go,
      toolchain: theirs.toolchain,
      uses: theirs.uses,
      godebug: theirs.godebug,
      replaces: theirs.replaces,
    });
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
