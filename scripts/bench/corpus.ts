import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a corpus holds: module versions, and a program that imports some of them. */
export interface CorpusSpec {
  modules: { path: string; versions: string[] }[];
  /** The program's imports: a module (at its newest version here), a package and a use of it. */
  project: { module: string; pkg: string; use: string }[];
}

/**
 * `npm run bench -- corpus small`: real, popular modules (a few versions each, some with escaped
 * paths), small enough to download in a minute or two and large enough for every suite.
 */
export const SMALL_CORPUS: CorpusSpec = {
  modules: [
    { path: 'github.com/google/uuid', versions: ['v1.3.0', 'v1.4.0', 'v1.5.0', 'v1.6.0'] },
    { path: 'gopkg.in/yaml.v3', versions: ['v3.0.0', 'v3.0.1'] },
    { path: 'golang.org/x/sync', versions: ['v0.5.0', 'v0.6.0', 'v0.7.0', 'v0.8.0'] },
    { path: 'github.com/spf13/pflag', versions: ['v1.0.3', 'v1.0.5', 'v1.0.6'] },
    { path: 'github.com/google/go-cmp', versions: ['v0.5.9', 'v0.6.0'] },
    { path: 'golang.org/x/mod', versions: ['v0.14.0', 'v0.17.0', 'v0.20.0'] },
    { path: 'github.com/pkg/errors', versions: ['v0.8.1', 'v0.9.1'] },
    { path: 'github.com/Masterminds/semver/v3', versions: ['v3.2.0', 'v3.2.1'] },
    { path: 'github.com/BurntSushi/toml', versions: ['v1.2.1', 'v1.3.2', 'v1.4.0'] },
    { path: 'github.com/fsnotify/fsnotify', versions: ['v1.6.0', 'v1.7.0'] },
    { path: 'github.com/davecgh/go-spew', versions: ['v1.1.1'] },
    { path: 'github.com/pmezard/go-difflib', versions: ['v1.0.0'] },
    { path: 'github.com/stretchr/testify', versions: ['v1.8.4', 'v1.9.0'] },
    { path: 'github.com/mattn/go-isatty', versions: ['v0.0.19', 'v0.0.20'] },
  ],
  project: [
    { module: 'github.com/google/uuid', pkg: 'github.com/google/uuid', use: 'uuid.NewString()' },
    {
      module: 'gopkg.in/yaml.v3',
      pkg: 'gopkg.in/yaml.v3',
      use: 'yaml.Marshal(map[string]int{"a": 1})',
    },
    { module: 'golang.org/x/sync', pkg: 'golang.org/x/sync/errgroup', use: 'new(errgroup.Group)' },
    {
      module: 'github.com/spf13/pflag',
      pkg: 'github.com/spf13/pflag',
      use: 'pflag.NewFlagSet("x", pflag.ContinueOnError)',
    },
    {
      module: 'github.com/google/go-cmp',
      pkg: 'github.com/google/go-cmp/cmp',
      use: 'cmp.Diff(1, 2)',
    },
  ],
};

export const CORPUS_SIZES = { small: SMALL_CORPUS } as const;

/**
 * Builds a corpus the way a developer's cache grows: the real go command downloads each version
 * from `goproxy` into a fresh GOPATH, then builds a program against them (which also fills a
 * build cache). Writes `gopath/`, `gocache/`, `project/` and `corpus.json`, the layout the
 * benchmark suites read (see scripts/bench/context.ts). Replaces whatever `out` held.
 */
export async function buildCorpus(
  spec: CorpusSpec,
  out: string,
  goproxy: string,
  log: (msg: string) => void,
): Promise<{ versions: number; gomodcache: string }> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const gopath = path.join(out, 'gopath');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? out,
    GOPATH: gopath,
    GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
    GOCACHE: path.join(out, 'gocache'),
    GOPROXY: goproxy,
    GOSUMDB: 'off',
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    GOTOOLCHAIN: 'local',
    GOENV: 'off',
  };
  const go = async (args: string[], cwd: string) => {
    try {
      await run('go', args, { env, cwd, maxBuffer: 64 << 20 });
    } catch (e) {
      const err = e as { stderr?: string; code?: string };
      if (err.code === 'ENOENT')
        throw new Error('The go command is not on PATH: install Go (https://go.dev/dl/) first.', {
          cause: e,
        });
      throw new Error(`go ${args.join(' ')} failed:\n${(err.stderr ?? String(e)).slice(-3000)}`, {
        cause: e,
      });
    }
  };
  const all = spec.modules.flatMap((m) => m.versions.map((v) => `${m.path}@${v}`));
  for (let i = 0; i < all.length; i += 20) {
    log(`downloading ${Math.min(i + 20, all.length)} of ${all.length} module versions`);
    await go(['mod', 'download', ...all.slice(i, i + 20)], out);
  }

  // The program uses the newest version of each module it imports, so it builds offline later.
  const project = path.join(out, 'project');
  await mkdir(project);
  const newest = (module: string) => spec.modules.find((m) => m.path === module)!.versions.at(-1)!;
  await writeFile(
    path.join(project, 'main.go'),
    [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      ...spec.project.map((p) => `\t"${p.pkg}"`),
      ')',
      '',
      'func main() {',
      ...spec.project.map((p) => `\tfmt.Println(${p.use})`),
      '}',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(project, 'go.mod'),
    [
      'module example.com/project',
      '',
      'go 1.21',
      '',
      'require (',
      ...spec.project.map((p) => `\t${p.module} ${newest(p.module)}`),
      ')',
      '',
    ].join('\n'),
  );
  log('building the corpus project (fills go.sum and the build cache)');
  await go(['mod', 'tidy'], project);
  await go(['build', '-o', process.platform === 'win32' ? 'NUL' : '/dev/null', '.'], project);
  await writeFile(
    path.join(out, 'corpus.json'),
    JSON.stringify(
      {
        modules: spec.modules.map((m) => m.path),
        versions: Object.fromEntries(spec.modules.map((m) => [m.path, m.versions])),
      },
      null,
      1,
    ),
  );
  return { versions: all.length, gomodcache: env.GOMODCACHE };
}
