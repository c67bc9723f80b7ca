import type { NoteVerifier } from './note';
import { KNOWN_SUMDB_KEYS, parseVerifierKey } from './note';

// How the go command decides which checksum database to ask, and whether to ask it at all
// (cmd/go/internal/modfetch/sumdb.go and proxy.go of Go 1.26). GOFLAGS=-insecure and GOINSECURE
// change neither: since Go 1.17 only GOSUMDB=off and GONOSUMDB (default GOPRIVATE) skip it.

export type SumdbSetting =
  | { kind: 'off' }
  | { kind: 'invalid'; error: string }
  | {
      kind: 'db';
      name: string;
      verifier: NoteVerifier;
      /** The URL GOSUMDB gives ("<key> <url>"): proxies are bypassed. */
      url: string | null;
    };

/** GOSUMDB as dbDial reads it: "off", "<key or known name>" or "<key> <url>". */
export function parseGoSumdb(value: string): SumdbSetting {
  let v = value.trim() || 'sum.golang.org';
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  if (v === 'off') return { kind: 'off' };
  const fields = v.split(/\s+/);
  if (fields.length > 2) return { kind: 'invalid', error: 'invalid GOSUMDB: too many fields' };
  const key = KNOWN_SUMDB_KEYS[fields[0]!] ?? fields[0]!;
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(key);
  } catch (e) {
    return { kind: 'invalid', error: `invalid GOSUMDB: ${(e as Error).message}` };
  }
  // "No funny business in the database name": a host with an optional path, as https://<name>.
  let direct: URL | null;
  try {
    direct = new URL(`https://${verifier.name}`);
  } catch {
    direct = null;
  }
  if (
    !direct ||
    verifier.name.endsWith('/') ||
    `${direct.host}${direct.pathname === '/' ? '' : direct.pathname}` !== verifier.name
  )
    return { kind: 'invalid', error: `invalid sumdb name (must be host[/path]): ${verifier.name}` };
  return { kind: 'db', name: verifier.name, verifier, url: fields[1] ?? null };
}

/** One GOPROXY entry as proxyList keeps it. */
export interface ProxyEntry {
  url: string;
  /** Separated from the next by "|": any error moves on, not only 404/410. */
  fallBackOnError: boolean;
}

/**
 * The GOPROXY list up to "direct" or "off" (which end it). Bare hosts get https://, as the go
 * command adds it.
 */
export function proxyEntries(goproxy: string): {
  entries: ProxyEntry[];
  ends: 'direct' | 'off' | null;
} {
  const entries: ProxyEntry[] = [];
  let rest = goproxy;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    let url = (i < 0 ? rest : rest.slice(0, i)).trim();
    const fallBackOnError = i >= 0 && rest[i] === '|';
    rest = i < 0 ? '' : rest.slice(i + 1);
    if (url === '') continue;
    if (url === 'off' || url === 'direct') return { entries, ends: url };
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = `https://${url}`;
    entries.push({ url, fallBackOnError });
  }
  return { entries, ends: null };
}

/** path.Match of Go's standard library, as a regular expression; null for a bad pattern. */
function globToRegExp(glob: string): RegExp | null {
  let re = '';
  const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (++i >= glob.length) return null;
      re += esc(glob[i]!);
    } else if (c === '[') {
      let cls = '';
      i++;
      if (glob[i] === '^') {
        cls += '^';
        i++;
      }
      let ranges = 0;
      for (;;) {
        if (i >= glob.length) return null;
        if (glob[i] === ']' && ranges > 0) break;
        const one = (): string | null => {
          let ch = glob[i];
          if (ch === undefined || ch === '-' || ch === ']') return null;
          if (ch === '\\') ch = glob[++i];
          if (ch === undefined) return null;
          i++;
          return ch;
        };
        const lo = one();
        if (lo === null) return null;
        if (glob[i] === '-') {
          i++;
          const hi = one();
          if (hi === null || hi < lo) return null;
          cls += `${esc(lo)}-${esc(hi)}`;
        } else cls += esc(lo);
        ranges++;
      }
      re += `[${cls}]`;
    } else re += esc(c);
  }
  return new RegExp(`^${re}$`);
}

/**
 * module.MatchPrefixPatterns: whether any comma-separated glob matches a leading run of the
 * path's elements (GONOSUMDB, GOPRIVATE, GONOPROXY). Returns the pattern that matched.
 */
export function matchPrefixPatterns(globs: string, target: string): string | null {
  for (const raw of globs.split(',')) {
    const glob = raw.replace(/\/$/, '');
    if (glob === '') continue;
    let n = glob.split('/').length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] !== '/') continue;
      if (n === 0) {
        prefix = target.slice(0, i);
        break;
      }
      n--;
    }
    if (n > 0) continue;
    if (globToRegExp(glob)?.test(prefix)) return raw;
  }
  return null;
}
