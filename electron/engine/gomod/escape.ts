// Module path and version checks and case-escaping, as golang.org/x/mod/module does them.
// The module cache stores "github.com/BurntSushi/toml" as "github.com/!burnt!sushi/toml" so
// that it works on case-insensitive file systems.

type PathKind = 'module' | 'import' | 'file';

const BAD_WINDOWS_NAMES = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`COM${i}`, `LPT${i}`]),
];

const isAsciiAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const modPathOK = (c: string) => isAsciiAlnum(c) || '-._~'.includes(c);
const importPathOK = (c: string) => modPathOK(c) || c === '+';
const fileNameOK = (c: string) => {
  if (c.charCodeAt(0) < 0x80) return isAsciiAlnum(c) || '!#$%&()+,-.=@[]^_{}~ '.includes(c);
  return /^\p{L}$/u.test(c);
};
const firstPathOK = (c: string) => /^[-.0-9a-z]$/.test(c);
/** Whole file-name elements made only of allowed ASCII skip the per-character checks. */
const FILE_ELEM_ASCII = /^[A-Za-z0-9!#$%&()+,\-.=@[\]^_{}~ ]+$/;
const BAD_WINDOWS_LOWER = new Set(BAD_WINDOWS_NAMES.map((n) => n.toLowerCase()));

export class InvalidModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidModuleError';
  }
}

function checkElem(elem: string, kind: PathKind): string | null {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element "${elem}"`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  const ok = kind === 'module' ? modPathOK : kind === 'import' ? importPathOK : fileNameOK;
  if (!(kind === 'file' && FILE_ELEM_ASCII.test(elem)))
    for (const c of elem) if (!ok(c)) return `invalid char ${JSON.stringify(c)}`;
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  if (BAD_WINDOWS_LOWER.has(short.toLowerCase())) {
    return `"${short}" disallowed as path element component on Windows`;
  }
  if (kind === 'file') return null;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^\d+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element';
  }
  return null;
}

function checkPathElems(path: string, kind: PathKind): string | null {
  if (path === '') return 'empty string';
  if (path[0] === '-' && kind !== 'file') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  for (const elem of path.split('/')) {
    const problem = checkElem(elem, kind);
    if (problem) return problem;
  }
  return null;
}

/** SplitPathVersion's validity: a trailing /vN must be N ≥ 2 without leading zero. */
function majorSuffixOK(path: string): boolean {
  if (path.startsWith('gopkg.in/')) return /\.v(0|[1-9]\d*)(-unstable)?$/.test(path);
  const m = /\/v([0-9.]+)$/.exec(path);
  if (!m || path.length - m[0].length < 1) return true;
  const n = m[1]!;
  return !(n.includes('.') || n[0] === '0' || n === '1');
}

/** Returns why `path` is not a valid module path, or null (module.CheckPath). */
export function modulePathProblem(path: string): string | null {
  const problem = checkPathElems(path, 'module');
  if (problem) return problem;
  const slash = path.indexOf('/');
  const first = slash < 0 ? path : path.slice(0, slash);
  if (first === '') return 'leading slash';
  if (!first.includes('.')) return 'missing dot in first path element';
  for (const c of first)
    if (!firstPathOK(c)) return `invalid char ${JSON.stringify(c)} in first path element`;
  if (!majorSuffixOK(path)) return 'invalid version';
  return null;
}

/** Returns why `path` is not a valid file path inside a module zip, or null (module.CheckFilePath). */
export function filePathProblem(path: string): string | null {
  return checkPathElems(path, 'file');
}

/** Why `v` cannot name a version in the cache, or null (module.EscapeVersion's rules). */
export function versionProblem(v: string): string | null {
  if (v.includes('!')) return 'disallowed version string';
  const problem = checkElem(v, 'file');
  if (problem) return problem;
  // File names may hold any Unicode letter, but the case-escaping only works on ASCII: Go
  // refuses such versions ("inconsistency in EscapePath") and never writes them to the cache.
  if (/[^ -~]/.test(v)) return 'non-ASCII version string';
  return null;
}

function escapeString(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function unescapeString(escaped: string): string | null {
  let out = '';
  let bang = false;
  for (const c of escaped) {
    if (c.charCodeAt(0) >= 0x80) return null;
    if (bang) {
      bang = false;
      if (c < 'a' || c > 'z') return null;
      out += c.toUpperCase();
      continue;
    }
    if (c === '!') {
      bang = true;
      continue;
    }
    if (c >= 'A' && c <= 'Z') return null;
    out += c;
  }
  return bang ? null : out;
}

export function escapePath(path: string): string {
  const problem = modulePathProblem(path);
  if (problem) throw new InvalidModuleError(`malformed module path "${path}": ${problem}`);
  return escapeString(path);
}

export function escapeVersion(v: string): string {
  const problem = versionProblem(v);
  if (problem) throw new InvalidModuleError(`invalid version "${v}": ${problem}`);
  return escapeString(v);
}

export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === null) throw new InvalidModuleError(`invalid escaped module path "${escaped}"`);
  const problem = modulePathProblem(path);
  if (problem) throw new InvalidModuleError(`invalid escaped module path "${escaped}": ${problem}`);
  return path;
}

export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === null) throw new InvalidModuleError(`invalid escaped version "${escaped}"`);
  const problem = versionProblem(v);
  if (problem) throw new InvalidModuleError(`invalid escaped version "${v}": ${problem}`);
  return v;
}

/** Escaping without throwing, for code that has already validated its input. */
export function tryUnescapePath(escaped: string): string | null {
  try {
    return unescapePath(escaped);
  } catch {
    return null;
  }
}

export function tryUnescapeVersion(escaped: string): string | null {
  try {
    return unescapeVersion(escaped);
  } catch {
    return null;
  }
}
