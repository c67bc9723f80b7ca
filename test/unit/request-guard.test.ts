import { describe, expect, it } from 'vitest';
import type { RequestFacts } from '../../electron/engine/rpc/request-guard';
import { guardRequest } from '../../electron/engine/rpc/request-guard';

const cfg = { token: 'T0k3n_-abcdefghijklmnopqrstuvwxyz0123456789A', port: 4567 };
const req = (over: Partial<RequestFacts>): RequestFacts => ({
  method: 'GET',
  url: `/${cfg.token}/`,
  host: '127.0.0.1:4567',
  origin: undefined,
  secFetchSite: undefined,
  ...over,
});

describe('guardRequest', () => {
  it('lets the printed link and its assets through, with the path below the token', () => {
    expect(guardRequest(req({}), cfg, 'http')).toEqual({ ok: true, rest: '/' });
    expect(guardRequest(req({ url: `/${cfg.token}/assets/a.js?v=1` }), cfg, 'http')).toEqual({
      ok: true,
      rest: '/assets/a.js',
    });
    expect(guardRequest(req({ url: `/${cfg.token}` }), cfg, 'http')).toEqual({
      ok: true,
      rest: '',
    });
    expect(
      guardRequest(req({ host: 'LOCALHOST:4567', secFetchSite: 'none' }), cfg, 'http').ok,
    ).toBe(true);
    expect(guardRequest(req({ method: 'HEAD', secFetchSite: 'same-origin' }), cfg, 'http').ok).toBe(
      true,
    );
  });

  it.each([
    ['no token', { url: '/' }],
    ['token elsewhere in the path', { url: `/x/${cfg.token}/` }],
    ['token in the query', { url: `/?token=${cfg.token}` }],
    ['a prefix of the token', { url: `/${cfg.token.slice(0, 10)}/` }],
    ['a longer token', { url: `/${cfg.token}x/` }],
    ['a rebound host name', { host: 'attacker.example:4567' }],
    ['another port', { host: '127.0.0.1:4568' }],
    ['no Host', { host: undefined }],
    ['the IPv6 loopback (not listened on)', { host: '[::1]:4567' }],
    ['a foreign Origin', { origin: 'http://attacker.example' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:9999' }],
    ['an https Origin', { origin: 'https://127.0.0.1:4567' }],
    ['a cross-site fetch', { secFetchSite: 'cross-site' }],
    ['a same-site fetch from another port', { secFetchSite: 'same-site' }],
    ['a POST', { method: 'POST' }],
  ])('refuses %s', (_name, over) => {
    const r = guardRequest(req(over), cfg, 'http');
    expect(r.ok).toBe(false);
  });

  it('requires a same-origin Origin on WebSocket handshakes', () => {
    const ws = (over: Partial<RequestFacts>) =>
      guardRequest(req({ url: `/${cfg.token}/ws`, ...over }), cfg, 'websocket');
    expect(ws({ origin: 'http://127.0.0.1:4567' })).toEqual({ ok: true, rest: '/ws' });
    expect(ws({ host: 'localhost:4567', origin: 'http://localhost:4567' }).ok).toBe(true);
    expect(ws({ origin: undefined }).ok).toBe(false);
    expect(ws({ origin: 'http://localhost:4567' }).ok).toBe(false); // Host 127.0.0.1, Origin localhost
    expect(ws({ origin: 'null' }).ok).toBe(false);
  });
});
