// Semantic versions as Go modules use them (a port of golang.org/x/mod/semver).

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentChar = (c: string) => /[A-Za-z0-9-]/.test(c);
const isBadNum = (v: string) => /^\d+$/.test(v) && v.length > 1 && v[0] === '0';
const isNum = (v: string) => /^\d*$/.test(v);

function parseInt(v: string): [string, string] | null {
  if (!v || !isDigit(v[0]!)) return null;
  let i = 1;
  while (i < v.length && isDigit(v[i]!)) i++;
  if (v[0] === '0' && i !== 1) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parseIdents(
  v: string,
  lead: string,
  stopAtPlus: boolean,
  checkNums: boolean,
): [string, string] | null {
  if (!v || v[0] !== lead) return null;
  let i = 1;
  let start = 1;
  while (i < v.length && !(stopAtPlus && v[i] === '+')) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return null;
    if (c === '.') {
      if (start === i || (checkNums && isBadNum(v.slice(start, i)))) return null;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (checkNums && isBadNum(v.slice(start, i)))) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | null {
  if (!v || v[0] !== 'v') return null;
  const p: Parsed = { major: '', minor: '', patch: '', short: '', prerelease: '', build: '' };
  let r = parseInt(v.slice(1));
  if (!r) return null;
  [p.major, v] = r;
  if (v === '') return { ...p, minor: '0', patch: '0', short: '.0.0' };
  if (v[0] !== '.') return null;
  r = parseInt(v.slice(1));
  if (!r) return null;
  [p.minor, v] = r;
  if (v === '') return { ...p, patch: '0', short: '.0' };
  if (v[0] !== '.') return null;
  r = parseInt(v.slice(1));
  if (!r) return null;
  [p.patch, v] = r;
  if (v[0] === '-') {
    const pre = parseIdents(v, '-', true, true);
    if (!pre) return null;
    [p.prerelease, v] = pre;
  }
  if (v[0] === '+') {
    const build = parseIdents(v, '+', false, false);
    if (!build) return null;
    [p.build, v] = build;
  }
  return v === '' ? p : null;
}

export function isValidSemver(v: string): boolean {
  return parse(v) !== null;
}

/** semver.Canonical: vMAJOR.MINOR.PATCH[-pre], build metadata dropped; '' when invalid. */
export function canonicalSemver(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build) return v.slice(0, v.length - p.build.length);
  return p.short ? v + p.short : v;
}

/** module.CanonicalVersion: like canonicalSemver but keeps "+incompatible". */
export function canonicalModuleVersion(v: string): string {
  const cv = canonicalSemver(v);
  return parse(v)?.build === '+incompatible' ? cv + '+incompatible' : cv;
}

export function isCanonicalModuleVersion(v: string): boolean {
  return v !== '' && canonicalModuleVersion(v) === v;
}

// module.pseudoVersionRE: vX.0.0-<time>-<rev>, vX.Y.(Z+1)-0.<time>-<rev> and
// vX.Y.Z-<pre>.0.<time>-<rev>, with any build suffix. A timestamp straight after a non-zero
// base (v1.2.3-20191109021931-abc) is an ordinary pre-release, not a pseudo-version.
const PSEUDO_VERSION =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** module.IsPseudoVersion. */
export function isPseudoVersion(v: string): boolean {
  return v.split('-').length > 2 && isValidSemver(v) && PSEUDO_VERSION.test(v);
}

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const dx = xs[i]!;
    const dy = ys[i]!;
    if (dx === dy) continue;
    const ix = isNum(dx);
    const iy = isNum(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
    return dx < dy ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : xs.length > ys.length ? 1 : 0;
}

/** semver.Compare: invalid versions sort before valid ones and equal to each other. */
export function compareSemver(v: string, w: string): number {
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  return (
    compareInt(pv.major, pw.major) ||
    compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

/** semver.Sort order (ties broken by the string, as Go does). */
export function sortVersions(list: string[]): string[] {
  return list.sort((a, b) => compareSemver(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
