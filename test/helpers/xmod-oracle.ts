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
  | 'directives'
  | 'matchPrefixPatterns'
  | 'newVerifier';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');
const XMOD_PACKAGES = ['module', 'modfile', 'semver', 'zip', 'sumdb', 'internal/lazyregexp'];

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
 * Builds (once per Go version and program source) a program of test/fixtures/<name>/ against
 * the toolchain's own x/mod, copied from $GOROOT/src/cmd/vendor: no network, and the very code
 * the go command runs.
 */
export function buildXmodProgram(name: string): string {
  const sourceDir = path.join(fixtures, name);
  const sources = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.go'))
    .sort();
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const goVersion = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  const hash = createHash('sha256').update(`${name}\n`);
  for (const f of sources) hash.update(f).update(readFileSync(path.join(sourceDir, f)));
  const key = hash.update(goVersion).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), `modvault-${name}-${key}`);
  const binary = path.join(dir, name);
  if (existsSync(binary)) return binary;

  const work = `${dir}.building-${process.pid}`;
  removeTreeSync(work);
  const mod = path.join(work, 'src');
  const vendored = path.join(goroot, 'src', 'cmd', 'vendor', 'golang.org', 'x', 'mod');
  for (const pkg of XMOD_PACKAGES)
    cpSync(path.join(vendored, pkg), path.join(mod, pkg), { recursive: true });
  mkdirSync(path.join(mod, 'cmd', name), { recursive: true });
  for (const f of sources) cpSync(path.join(sourceDir, f), path.join(mod, 'cmd', name, f));
  // The vendored code is written for the language version of the toolchain that vendors it.
  const cmdGoMod = readFileSync(path.join(goroot, 'src', 'cmd', 'go.mod'), 'utf8');
  const goLine = /^go (\S+)$/m.exec(cmdGoMod)?.[1] ?? '1.17';
  writeFileSync(path.join(mod, 'go.mod'), `module golang.org/x/mod\n\ngo ${goLine}\n`);
  execFileSync('go', ['build', '-o', path.join(work, name), `./cmd/${name}`], {
    cwd: mod,
    env: goEnv(work),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    renameSync(work, dir);
  } catch (e) {
    // A parallel test file built the same program first: use theirs.
    if (!existsSync(binary)) throw e;
  }
  removeTreeSync(work);
  return binary;
}

/** The oracle: answers questions with the toolchain's own x/mod (escaping, semver, h1, zips). */
export const xmodOracleBinary = () => buildXmodProgram('xmod-oracle');

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
