import { TOOLCHAIN_MODULE } from './layout';

// Go toolchains in the module cache: golang.org/toolchain@v0.0.1-go1.X.Y.GOOS-GOARCH, fetched and
// selected by cmd/go/internal/toolchain (select.go) and compared with cmd/go/internal/gover.

export interface ToolchainVersion {
  /** "go1.21.13" (a toolchain name, as in a toolchain line or GOTOOLCHAIN). */
  name: string;
  goos: string;
  goarch: string;
}

const TOOLCHAIN_VERSION = /^v0\.0\.1-(go[^.]+(?:\.[^.]+)*?)\.([a-z0-9]+)-([a-z0-9]+)$/;

/** Reads a golang.org/toolchain version; null for anything else. */
export function parseToolchainVersion(version: string): ToolchainVersion | null {
  const m = TOOLCHAIN_VERSION.exec(version);
  return m ? { name: m[1]!, goos: m[2]!, goarch: m[3]! } : null;
}

export function toolchainModuleVersion(name: string, goos: string, goarch: string): string {
  return `v0.0.1-${name}.${goos}-${goarch}`;
}

export const isToolchainModule = (modulePath: string) => modulePath === TOOLCHAIN_MODULE;

interface Gover {
  major: string;
  minor: string;
  patch: string;
  kind: string;
  pre: string;
}

/** gover.parse: "1.21", "1.21rc1", "1.21.3"; null when malformed. */
function parseGover(v: string): Gover | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(v);
  if (!m) return null;
  // A patch and a prerelease never come together ("1.21.0rc1" is not a Go version).
  if (m[3] !== undefined && m[4] !== undefined) return null;
  return { major: m[1]!, minor: m[2] ?? '0', patch: m[3] ?? '', kind: m[4] ?? '', pre: m[5] ?? '' };
}

/** gover's cmpInt: decimal strings compared by length, then bytes; "" sorts first. */
function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/** gover.Compare: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1; malformed versions sort first. */
export function compareGoVersions(x: string, y: string): number {
  const a = parseGover(x);
  const b = parseGover(y);
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const order = ['', 'alpha', 'beta', 'rc'];
  return (
    cmpInt(a.major, b.major) ||
    cmpInt(a.minor, b.minor) ||
    cmpInt(a.patch, b.patch) ||
    Math.sign(order.indexOf(a.kind) - order.indexOf(b.kind)) ||
    cmpInt(a.pre, b.pre)
  );
}

/** gover.FromToolchain: "go1.21.3" and "go1.21.3-custom" → "1.21.3"; "" when not a Go toolchain. */
export function goVersionOfToolchain(name: string): string {
  if (/[\\/]/.test(name)) return '';
  const at = name.indexOf('-go');
  const v = name.startsWith('go') ? name.slice(2) : at >= 0 ? name.slice(at + 3) : null;
  if (v === null) return '';
  const cut = v.split(/[ \t-]/, 1)[0]!;
  return parseGover(cut) ? cut : '';
}

/** gover.IsLang: "1.21" (no patch, no prerelease) names a language, not a release. */
const isLang = (v: string) => {
  const g = parseGover(v);
  return g !== null && g.patch === '' && g.kind === '' && /^\d+\.\d+$/.test(v);
};

/**
 * What a GOTOOLCHAIN setting means (go help toolchain): a minimum toolchain ("local" = the
 * installed one) and whether go.mod/go.work lines may raise it ("auto"/"path").
 */
export function parseGotoolchain(
  setting: string,
  local: string,
): { min: string; minVersion: string; readsFiles: boolean; download: boolean } {
  const value = setting.trim() || 'auto';
  if (value === 'auto' || value === 'path')
    return {
      min: local,
      minVersion: goVersionOfToolchain(local),
      readsFiles: true,
      download: value === 'auto',
    };
  const [min = 'local', suffix] = value.split('+', 2);
  const name = min === 'local' ? local : min;
  return {
    min: name,
    minVersion: goVersionOfToolchain(name),
    readsFiles: suffix === 'auto' || suffix === 'path',
    download: suffix !== 'path',
  };
}

/**
 * The toolchain the go command runs in a module (select.go): the minimum from GOTOOLCHAIN,
 * raised by a newer `toolchain` line, then by a newer `go` line (a language version such as
 * 1.22 meaning its first release, go1.22.0). Never lower than the minimum: Go does not switch
 * down. `toolchain default` keeps the minimum.
 */
export function selectToolchain(opts: {
  local: string;
  gotoolchain: string;
  goLine: string | null;
  toolchainLine: string | null;
}): string {
  const setting = parseGotoolchain(opts.gotoolchain, opts.local);
  let chosen = setting.min;
  let minVersion = setting.minVersion;
  if (!setting.readsFiles || opts.toolchainLine === 'default') return chosen;
  if (opts.toolchainLine) {
    const v = goVersionOfToolchain(opts.toolchainLine);
    if (v && compareGoVersions(v, minVersion) > 0) {
      chosen = opts.toolchainLine;
      minVersion = v;
    }
  }
  const goLine = opts.goLine?.trim();
  if (goLine && parseGover(goLine) && compareGoVersions(goLine, minVersion) > 0) {
    chosen = `go${goLine}`;
    if (isLang(goLine) && compareGoVersions(goLine, '1.21') >= 0) chosen += '.0';
  }
  return chosen;
}

/**
 * Files Go makes executable after extracting a toolchain (select.go's allowExec): everything in
 * bin/ and pkg/tool/, and lib/**\/go_<os>_<arch>_exec wrappers.
 */
export function isToolchainExecutable(rel: string): boolean {
  if (rel.startsWith('bin/') || rel.startsWith('pkg/tool/')) return true;
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return rel.startsWith('lib/') && /^go_.+_.+_exec$/.test(base);
}

/**
 * The go.mod files Go writes beside each _go.mod of a toolchain on first use (module zips may
 * not contain go.mod files below the root, so the toolchain ships them renamed).
 */
export function derivedGoModOf(rel: string): string | null {
  if (rel !== '_go.mod' && !rel.endsWith('/_go.mod')) return null;
  return `${rel.slice(0, -'_go.mod'.length)}go.mod`;
}

/** The go command that would run in the projects: its own version, GOTOOLCHAIN, platform. */
export interface RunningGo {
  /** "go1.26.8": the installed toolchain (what GOTOOLCHAIN=local runs). */
  local: string;
  /** The user's GOTOOLCHAIN ("auto", "local", "go1.25.0+auto", …). */
  gotoolchain: string;
  goos: string;
  goarch: string;
}

/** The running go from `go env` (null when Go is missing or says no version). */
export function runningGoOf(env: {
  go: { found: boolean; version: string | null };
  vars: { GOVERSION: string; GOOS: string; GOARCH: string };
  gotoolchain: { value: string };
}): RunningGo | undefined {
  const local = env.vars.GOVERSION || env.go.version;
  if (!env.go.found || !local) return undefined;
  return {
    local,
    gotoolchain: env.gotoolchain.value,
    goos: env.vars.GOOS,
    goarch: env.vars.GOARCH,
  };
}

/**
 * The toolchain a go.mod or go.work makes go download. Knowing the running go, GOTOOLCHAIN's
 * rules decide (the newest of the minimum and the lines, never lower); a module the installed
 * go satisfies needs none. Without it: whatever a toolchain line (or, from Go 1.21, the go
 * line) names.
 */
export function neededToolchain(
  lines: { go: string | null; toolchain: string | null },
  running: RunningGo | undefined,
): string | null {
  if (running) {
    const chosen = selectToolchain({
      local: running.local,
      gotoolchain: running.gotoolchain,
      goLine: lines.go,
      toolchainLine: lines.toolchain,
    });
    return chosen === running.local ? null : chosen;
  }
  if (lines.toolchain && lines.toolchain !== 'default') return lines.toolchain;
  const m = lines.go ? /^1\.(\d+)/.exec(lines.go) : null;
  return m && Number(m[1]) >= 21 ? `go${lines.go}` : null;
}
