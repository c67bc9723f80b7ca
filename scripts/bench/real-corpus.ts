import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The real-world corpus: the full module graph of three large public Go projects at pinned
 * versions, fetched once through the real proxy (`go mod download all`), plus a Go toolchain
 * module fetched the way Go does it (GOTOOLCHAIN). Never used by `npm test`.
 */
export const REAL_PROJECTS = [
  { path: 'k8s.io/client-go', version: 'v0.34.2', imports: 'k8s.io/client-go/rest' },
  {
    path: 'github.com/prometheus/prometheus',
    version: 'v0.316.0',
    imports: 'github.com/prometheus/prometheus/model/labels',
  },
  {
    path: 'github.com/gohugoio/hugo',
    version: 'v0.160.0',
    imports: 'github.com/gohugoio/hugo/common/paths',
  },
] as const;
/** Older releases of the same projects, each in a module of its own: a cache that has lived. */
export const REAL_HISTORY = [
  ['k8s.io/client-go', 'v0.33.7'],
  ['k8s.io/client-go', 'v0.35.0'],
  ['github.com/prometheus/prometheus', 'v0.305.0'],
  ['github.com/prometheus/prometheus', 'v0.310.0'],
  ['github.com/gohugoio/hugo', 'v0.150.0'],
  ['github.com/gohugoio/hugo', 'v0.155.0'],
] as const;

/**
 * Fetched with GOTOOLCHAIN=<it> go version, as Go does on a switch. A toolchain line older than
 * the project's go line would be dropped by go mod tidy, so the project does not name it: it is
 * what a developer's cache keeps after an old project moved on (an "unused toolchain").
 */
export const REAL_TOOLCHAIN = 'go1.24.13';

export function realCorpusDir(): string {
  return path.resolve(
    process.env.MODVAULT_REAL_CORPUS ?? path.join(homedir(), '.cache', 'modvault-bench', 'real'),
  );
}

/** `--corpus real` names the cached real-world corpus. */
export function resolveCorpusName(name: string | undefined): string | undefined {
  return name === 'real' ? realCorpusDir() : name;
}

function goEnv(dir: string): Record<string, string> {
  const gopath = path.join(dir, 'gopath');
  return {
    ...(process.env as Record<string, string>),
    GOPATH: gopath,
    GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
    GOCACHE: path.join(dir, 'gocache'),
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GOENV: 'off',
  };
}

const goOut = (args: string[], cwd: string, env: Record<string, string>) =>
  execFileSync('go', args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** Builds the corpus once (tens of minutes, several GiB); an existing one is kept. */
export async function buildRealCorpus(log: (msg: string) => void): Promise<string> {
  const dir = realCorpusDir();
  if (existsSync(path.join(dir, 'corpus.json')) && existsSync(path.join(dir, 'history'))) {
    log(`the real corpus is already at ${dir}`);
    return dir;
  }
  const work = `${dir}.building`;
  if (existsSync(work)) execFileSync('chmod', ['-R', 'u+w', work]);
  await rm(work, { recursive: true, force: true });
  // A corpus built before the history pins existed: keep its downloads, add what is missing.
  if (existsSync(path.join(dir, 'project'))) await rename(dir, work);
  const project = path.join(work, 'project');
  await mkdir(project, { recursive: true });
  const env = goEnv(work);
  await writeFile(
    path.join(project, 'go.mod'),
    [
      'module example.com/realcorpus',
      '',
      'go 1.26.7',
      '',
      'require (',
      ...REAL_PROJECTS.map((p) => `\t${p.path} ${p.version}`),
      ')',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(project, 'main.go'),
    [
      'package main',
      '',
      'import (',
      ...REAL_PROJECTS.map((p) => `\t_ "${p.imports}"`),
      ')',
      '',
      'func main() {}',
      '',
    ].join('\n'),
  );
  for (const [m, v] of REAL_HISTORY) {
    const old = path.join(work, 'history', `${m.replaceAll('/', '_')}@${v}`);
    await mkdir(old, { recursive: true });
    await writeFile(
      path.join(old, 'go.mod'),
      `module example.com/history\n\ngo 1.26.7\n\nrequire ${m} ${v}\n`,
    );
    log(`go mod download all for ${m}@${v}`);
    goOut(['mod', 'download', 'all'], old, env);
  }
  log(`go mod tidy in ${project} (the real proxy)`);
  goOut(['mod', 'tidy'], project, env);
  log('go mod download all');
  goOut(['mod', 'download', 'all'], project, env);
  log(`GOTOOLCHAIN=${REAL_TOOLCHAIN} go version (a toolchain module, fetched as Go does)`);
  goOut(['version'], project, { ...env, GOTOOLCHAIN: REAL_TOOLCHAIN });
  log('go build (extracts the trees a build needs, fills the build cache)');
  goOut(['build', '-o', '/dev/null', '.'], project, env);
  const list = goOut(['list', '-m', '-f', '{{.Path}} {{.Version}}', 'all'], project, env);
  const versions: Record<string, string[]> = {};
  for (const line of list.trim().split('\n').slice(1)) {
    const [m, v] = line.split(' ');
    if (m && v) (versions[m] ??= []).push(v);
  }
  await writeFile(
    path.join(work, 'corpus.json'),
    JSON.stringify(
      {
        projects: REAL_PROJECTS,
        history: REAL_HISTORY,
        toolchain: REAL_TOOLCHAIN,
        versions,
        builtAt: Date.now(),
      },
      null,
      2,
    ),
  );
  await mkdir(path.dirname(dir), { recursive: true });
  await rename(work, dir);
  log(`the real corpus is at ${dir}`);
  return dir;
}
