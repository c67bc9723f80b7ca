import type { GoEnvSource, GoEnvVar } from '../../../shared/dto/env';
import { GO_ENV_VARS } from '../../../shared/dto/env';

export type GoOS =
  'linux' | 'darwin' | 'windows' | 'freebsd' | 'openbsd' | 'netbsd' | 'aix' | 'solaris' | 'android';

export interface PathApi {
  join(...parts: string[]): string;
  isAbsolute(p: string): boolean;
  delimiter: string;
}

export interface DefaultsInput {
  goos: GoOS;
  goarch: string;
  /** The process environment (GOPATH, XDG_CACHE_HOME, LocalAppData, …). */
  env: Record<string, string | undefined>;
  home: string;
  path: PathApi;
  /** KEY=VALUE pairs from the go env file (GOENV), when it could be read. */
  envFile?: Record<string, string>;
}

export interface ComputedGoEnv {
  vars: Record<GoEnvVar, string>;
  sources: Record<GoEnvVar, GoEnvSource>;
}

const NODE_TO_GOOS: Record<string, GoOS> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  aix: 'aix',
  sunos: 'solaris',
  android: 'android',
};
const NODE_TO_GOARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

export function goosOf(nodePlatform: string): GoOS {
  return NODE_TO_GOOS[nodePlatform] ?? 'linux';
}

export function goarchOf(nodeArch: string): string {
  return NODE_TO_GOARCH[nodeArch] ?? nodeArch;
}

/** os.UserCacheDir as Go computes it; null when it cannot be determined. */
export function userCacheDir(
  i: Pick<DefaultsInput, 'goos' | 'env' | 'home' | 'path'>,
): string | null {
  if (i.goos === 'windows') return i.env.LocalAppData || i.env.LOCALAPPDATA || null;
  if (i.goos === 'darwin') return i.home ? i.path.join(i.home, 'Library', 'Caches') : null;
  const xdg = i.env.XDG_CACHE_HOME;
  if (xdg) return i.path.isAbsolute(xdg) ? xdg : null;
  return i.home ? i.path.join(i.home, '.cache') : null;
}

/** os.UserConfigDir as Go computes it (the go env file lives in <it>/go/env). */
export function userConfigDir(
  i: Pick<DefaultsInput, 'goos' | 'env' | 'home' | 'path'>,
): string | null {
  if (i.goos === 'windows') return i.env.AppData || i.env.APPDATA || null;
  if (i.goos === 'darwin')
    return i.home ? i.path.join(i.home, 'Library', 'Application Support') : null;
  const xdg = i.env.XDG_CONFIG_HOME;
  if (xdg) return i.path.isAbsolute(xdg) ? xdg : null;
  return i.home ? i.path.join(i.home, '.config') : null;
}

/**
 * Parses the go env file as cmd/go's initEnvCache does: KEY=VALUE lines whose first character
 * is an upper-case letter, values taken verbatim; anything else is silently skipped.
 */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0 || !/^[A-Z]/.test(line)) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function splitGopath(gopath: string, goos: GoOS): string[] {
  const sep = goos === 'windows' ? ';' : ':';
  return gopath.split(sep).filter((p) => p.length > 0);
}

/**
 * What `go env` would print when Go is not installed: the environment wins over the go env file,
 * which wins over Go's built-in defaults (see cmd/go/internal/cfg).
 */
export function computeGoEnvDefaults(i: DefaultsInput): ComputedGoEnv {
  const vars = {} as Record<GoEnvVar, string>;
  const sources = {} as Record<GoEnvVar, GoEnvSource>;
  const lookup = (name: GoEnvVar, fallback: () => string, fromFile = true) => {
    const fromEnv = i.env[name];
    if (fromEnv !== undefined && fromEnv !== '') {
      vars[name] = fromEnv;
      sources[name] = 'environment';
    } else if (fromFile && i.envFile?.[name] !== undefined && i.envFile[name] !== '') {
      vars[name] = i.envFile[name]!;
      sources[name] = 'env-file';
    } else {
      vars[name] = fallback();
      sources[name] = 'default';
    }
  };
  const configDir = userConfigDir(i);
  // The env file cannot name another env file: Go reads GOENV from the environment only.
  lookup('GOENV', () => (configDir ? i.path.join(configDir, 'go', 'env') : ''), false);
  lookup('GOPATH', () => (i.home ? i.path.join(i.home, 'go') : ''));
  // gopathDir: an empty first entry (GOPATH=":/b") means no module cache at all.
  const first = vars.GOPATH.split(i.goos === 'windows' ? ';' : ':')[0] ?? '';
  lookup('GOMODCACHE', () => (first ? i.path.join(first, 'pkg', 'mod') : ''));
  const cacheDir = userCacheDir(i);
  lookup('GOCACHE', () => (cacheDir ? i.path.join(cacheDir, 'go-build') : 'off'));
  // cache.DefaultDir: a relative GOCACHE turns the build cache off.
  if (vars.GOCACHE !== 'off' && !i.path.isAbsolute(vars.GOCACHE)) vars.GOCACHE = 'off';
  lookup('GOFLAGS', () => '');
  lookup('GOPROXY', () => 'https://proxy.golang.org,direct');
  lookup('GOPRIVATE', () => '');
  lookup('GONOPROXY', () => vars.GOPRIVATE);
  lookup('GONOSUMDB', () => vars.GOPRIVATE);
  lookup('GOSUMDB', () => 'sum.golang.org');
  // GOVERSION describes an installed toolchain; without one there is none to describe.
  vars.GOVERSION = '';
  sources.GOVERSION = 'default';
  lookup('GOROOT', () => '');
  lookup('GOOS', () => i.goos);
  lookup('GOARCH', () => i.goarch);
  // Every variable is filled above; this keeps the list and the lookups in step.
  for (const name of GO_ENV_VARS)
    if (vars[name] === undefined) throw new Error(`no default for ${name}`);
  return { vars, sources };
}
