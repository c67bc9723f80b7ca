// The modules of the demo cache: small, real Go modules (they compile, and a demo project
// builds against them offline), with what a real cache holds — several versions of a module,
// an upper-case path (escaped as !x in the cache), a version no project uses.

export interface DemoModule {
  path: string;
  version: string;
  /** Commit time written to .info. */
  time: string;
  /** Files relative to the module root. */
  files: Record<string, string>;
}

const LICENSE =
  'MIT License\n\nCopyright (c) ModVault demo\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n';

function greet(version: string, extra = ''): DemoModule {
  return {
    path: 'demo.modvault.dev/greet',
    version,
    time: version === 'v1.0.0' ? '2024-03-01T10:00:00Z' : '2024-06-01T10:00:00Z',
    files: {
      'go.mod': 'module demo.modvault.dev/greet\n\ngo 1.21\n',
      LICENSE,
      'greet.go': `// Package greet says hello.\npackage greet\n\n// Version is the release this file belongs to.\nconst Version = "${version}"\n\n// Hello greets someone.\nfunc Hello(name string) string { return "Hello, " + name + "!" }\n${extra}`,
    },
  };
}

export const DEMO_MODULES: DemoModule[] = [
  greet('v1.0.0'),
  greet(
    'v1.1.0',
    '\n// Bye says goodbye.\nfunc Bye(name string) string { return "Bye, " + name + "." }\n',
  ),
  {
    path: 'demo.modvault.dev/mathx',
    version: 'v0.3.0',
    time: '2024-02-10T08:30:00Z',
    files: {
      'go.mod': 'module demo.modvault.dev/mathx\n\ngo 1.21\n',
      LICENSE,
      'mathx.go':
        '// Package mathx has small integer helpers.\npackage mathx\n\n// Max returns the larger of a and b.\nfunc Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n',
      'internal/clamp/clamp.go':
        'package clamp\n\n// To keeps v within lo..hi.\nfunc To(v, lo, hi int) int {\n\tif v < lo {\n\t\treturn lo\n\t}\n\tif v > hi {\n\t\treturn hi\n\t}\n\treturn v\n}\n',
    },
  },
  {
    path: 'demo.modvault.dev/Strings',
    version: 'v1.2.0',
    time: '2024-05-20T12:00:00Z',
    files: {
      'go.mod': 'module demo.modvault.dev/Strings\n\ngo 1.21\n',
      LICENSE,
      'strings.go':
        '// Package strings reverses text.\npackage strings\n\n// Reverse returns s backwards.\nfunc Reverse(s string) string {\n\tr := []rune(s)\n\tfor i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {\n\t\tr[i], r[j] = r[j], r[i]\n\t}\n\treturn string(r)\n}\n',
    },
  },
];

/** The demo project: uses all but greet v1.0.0 (what "Clean up unused" finds). */
export const DEMO_PROJECT = {
  module: 'demo.modvault.dev/hello',
  requires: [
    'demo.modvault.dev/greet@v1.1.0',
    'demo.modvault.dev/mathx@v0.3.0',
    'demo.modvault.dev/Strings@v1.2.0',
  ],
  main: 'package main\n\nimport (\n\t"fmt"\n\n\t"demo.modvault.dev/Strings"\n\t"demo.modvault.dev/greet"\n\t"demo.modvault.dev/mathx"\n)\n\nfunc main() {\n\tfmt.Println(greet.Hello("demo"), strings.Reverse("olleh"), mathx.Max(2, 3))\n}\n',
};
