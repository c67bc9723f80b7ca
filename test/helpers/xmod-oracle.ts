import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeTreeSync } from './temp';

/** What Go's golang.org/x/mod answered: a value and/or an error message. */
export interface OracleAnswer {
  value: string;
  err: string;
  /** checkZip only: names of the entries Go found invalid. */
  invalid?: string[];
}

export type OracleOp =
  | 'checkPath'
  | 'checkImportPath'
  | 'checkFilePath'
  | 'escapePath'
  | 'escapeVersion'
  | 'unescapePath'
  | 'unescapeVersion'
  | 'isValid'
  | 'canonical'
  | 'canonicalVersion'
  | 'compare'
  | 'isPseudoVersion'
  | 'hashZip'
  | 'hashDir'
  | 'checkZip'
  | 'fold'
  | 'letters'
  | 'parseGoMod'
  | 'parseGoWork'
  | 'directives';

const sourceDir = path.resolve(import.meta.dirname, '..', 'fixtures', 'xmod-oracle');
const sources = readdirSync(sourceDir)
  .filter((f) => f.endsWith('.go'))
  .sort();
const XMOD_PACKAGES = [
  'module',
  'modfile',
  'semver',
  'zip',
  'sumdb/dirhash',
  'internal/lazyregexp',
];

function goEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GOPATH: path.join(home, 'gopath'),
    GOCACHE: path.join(home, 'gocache'),
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GOENV: 'off',
  };
}

/**
 * Builds (once per Go version and oracle source) a program that runs the toolchain's own x/mod
 * code — the very code `go` uses for escaping, semver, h1 hashes and module-zip checks.
 */
export function xmodOracleBinary(): string {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const goVersion = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(path.join(sourceDir, f)));
  const key = hash.update(goVersion).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), `modvault-xmod-oracle-${key}`);
  const binary = path.join(dir, 'oracle');
  if (existsSync(binary)) return binary;

  const work = `${dir}.building-${process.pid}`;
  removeTreeSync(work);
  const mod = path.join(work, 'src');
  const vendored = path.join(goroot, 'src', 'cmd', 'vendor', 'golang.org', 'x', 'mod');
  for (const pkg of XMOD_PACKAGES)
    cpSync(path.join(vendored, pkg), path.join(mod, pkg), { recursive: true });
  mkdirSync(path.join(mod, 'cmd', 'oracle'), { recursive: true });
  for (const f of sources) cpSync(path.join(sourceDir, f), path.join(mod, 'cmd', 'oracle', f));
  // The vendored code is written for the language version of the toolchain that vendors it.
  const cmdGoMod = readFileSync(path.join(goroot, 'src', 'cmd', 'go.mod'), 'utf8');
  const goLine = /^go (\S+)$/m.exec(cmdGoMod)?.[1] ?? '1.17';
  writeFileSync(path.join(mod, 'go.mod'), `module golang.org/x/mod\n\ngo ${goLine}\n`);
  execFileSync('go', ['build', '-o', path.join(work, 'oracle'), './cmd/oracle'], {
    cwd: mod,
    env: goEnv(work),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    renameSync(work, dir);
  } catch (e) {
    // A parallel test file built the same oracle first: use theirs.
    if (!existsSync(binary)) throw e;
  }
  removeTreeSync(work);
  return binary;
}

/** Asks Go's x/mod many questions in one process run. */
export function askGo(
  binary: string,
  requests: { op: OracleOp; args: string[] }[],
): OracleAnswer[] {
  const out = execFileSync(binary, [], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as OracleAnswer[];
}
