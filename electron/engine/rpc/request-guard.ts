import { timingSafeEqual } from 'node:crypto';

/**
 * Browser mode's gatekeeper. A page on another site can make the browser send requests to
 * 127.0.0.1 (and, with DNS rebinding, even read the answers), so every request must:
 *   - name this server in Host (127.0.0.1:PORT or localhost:PORT; a rebound name is refused),
 *   - come from this origin when the browser says where it comes from (Origin, Sec-Fetch-Site),
 *   - carry the secret token as the first path segment (/<token>/...).
 */

export interface GuardConfig {
  token: string;
  port: number;
}

export interface RequestFacts {
  method: string;
  url: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export type GuardResult =
  | {
      ok: true;
      /** The path after /<token>, e.g. "/assets/x.js" ("" for /<token>). */ rest: string;
    }
  | { ok: false; status: 400 | 403 | 405; reason: string };

const SAFE_FETCH_SITES = new Set(['same-origin', 'none']);

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function tokenMatches(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function guardRequest(
  req: RequestFacts,
  cfg: GuardConfig,
  kind: 'http' | 'websocket',
): GuardResult {
  const host = req.host?.toLowerCase();
  if (!host || !allowedHosts(cfg.port).includes(host))
    return {
      ok: false,
      status: 403,
      reason: `Host not allowed: ${String(req.host).slice(0, 100)}`,
    };
  const sameOrigin = `http://${host}`;
  // Browsers always send Origin with a WebSocket handshake; a missing one is not a browser tab
  // of ours. For plain GETs, Origin is absent on navigation and must match when present.
  if (
    kind === 'websocket'
      ? req.origin !== sameOrigin
      : req.origin !== undefined && req.origin !== sameOrigin
  )
    return {
      ok: false,
      status: 403,
      reason: `Origin not allowed: ${String(req.origin).slice(0, 100)}`,
    };
  if (req.secFetchSite !== undefined && !SAFE_FETCH_SITES.has(req.secFetchSite))
    return { ok: false, status: 403, reason: `Cross-site request refused (${req.secFetchSite})` };
  if (kind === 'http' && req.method !== 'GET' && req.method !== 'HEAD')
    return { ok: false, status: 405, reason: `Method not allowed: ${req.method.slice(0, 20)}` };
  const path = req.url.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return { ok: false, status: 400, reason: 'Bad request path' };
  const slash = path.indexOf('/', 1);
  const first = slash < 0 ? path.slice(1) : path.slice(1, slash);
  if (!first || !tokenMatches(first, cfg.token))
    return {
      ok: false,
      status: 403,
      reason: 'Missing or wrong token: open the link that `modvault ui` printed.',
    };
  return { ok: true, rest: slash < 0 ? '' : path.slice(slash) };
}
