import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/test';
import { nextFrame, openWs, rawGet } from './support/raw-http';

// Browser mode must only ever answer the tab it printed the link for: these are the attacks a
// web page on another site (or a DNS-rebound name) can make a browser perform against 127.0.0.1.

test('HTTP: token, Host and Origin are required; the page has a strict CSP', async ({ ui }) => {
  const host = `127.0.0.1:${ui.port}`;
  const ok = await rawGet(ui.port, `/${ui.token}/`, { Host: host });
  expect(ok.status).toBe(200);
  const csp = String(ok.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain(`connect-src ws://${host}`);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(ok.headers['x-frame-options']).toBe('DENY');
  expect(ok.headers['referrer-policy']).toBe('no-referrer');

  const refused = [
    await rawGet(ui.port, '/', { Host: host }), // no token
    await rawGet(ui.port, '/index.html', { Host: host }),
    await rawGet(ui.port, `/${ui.token.slice(0, -1)}x/`, { Host: host }), // wrong token
    await rawGet(ui.port, `/${ui.token}/`, { Host: `evil.example:${ui.port}` }), // DNS rebinding
    await rawGet(ui.port, `/${ui.token}/`, { Host: `127.0.0.1:${ui.port + 1}` }),
    await rawGet(ui.port, `/${ui.token}/`, { Host: host, Origin: 'http://evil.example' }),
    await rawGet(ui.port, `/${ui.token}/`, {
      Host: host,
      Origin: `http://127.0.0.1:${ui.port + 1}`,
    }),
    await rawGet(ui.port, `/${ui.token}/`, { Host: host, 'Sec-Fetch-Site': 'cross-site' }),
    await rawGet(ui.port, `/${ui.token}/`, { Host: host, 'Sec-Fetch-Site': 'same-site' }),
  ];
  for (const r of refused) expect(r.status, r.body).toBe(403);
  expect(refused[0]!.body).toContain('modvault ui');

  // The token is checked before anything is read; paths never leave the renderer folder.
  const traversal = await rawGet(ui.port, `/${ui.token}/%2e%2e/%2e%2e/package.json`, {
    Host: host,
  });
  expect(traversal.status).toBe(404);
  const localhost = await rawGet(ui.port, `/${ui.token}/`, { Host: `localhost:${ui.port}` });
  expect(localhost.status).toBe(200);
});

test('WebSocket: refused without token, with a foreign Host or Origin; frames are validated', async ({
  ui,
}) => {
  const host = `127.0.0.1:${ui.port}`;
  const origin = `http://${host}`;
  const wsUrl = `ws://${host}/${ui.token}/ws`;
  const attempts = [
    openWs(`ws://${host}/ws`, { Origin: origin }),
    openWs(`ws://${host}/${ui.token.slice(1)}/ws`, { Origin: origin }),
    openWs(wsUrl, { Origin: 'http://evil.example' }),
    openWs(wsUrl, { Origin: `http://127.0.0.1:${ui.port + 1}` }),
    openWs(wsUrl, {}), // a browser always sends Origin: a missing one is not our page
    openWs(wsUrl, { Origin: `http://evil.example:${ui.port}`, Host: `evil.example:${ui.port}` }),
  ];
  for (const a of await Promise.all(attempts)) expect(a).toEqual({ refused: 403 });

  const opened = await openWs(wsUrl, { Origin: origin });
  if (!('ws' in opened)) throw new Error(`refused: ${opened.refused}`);
  const { ws } = opened;
  const byId = (id: unknown) => (f: Record<string, unknown>) => f.id === id;

  const good = await nextFrame(
    ws,
    JSON.stringify({ t: 'call', id: 1, cmd: 'settings.get', req: {} }),
    byId(1),
  );
  expect(good).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
  const notJson = await nextFrame(ws, '{nope', (f) => f.t === 'error');
  expect(notJson).toMatchObject({ t: 'error', error: { code: 'INVALID_INPUT' } });
  const badShape = await nextFrame(ws, JSON.stringify({ t: 'call', id: 2, cmd: 7 }), byId(2));
  expect(badShape).toMatchObject({ result: { ok: false, error: { code: 'INVALID_INPUT' } } });
  const unknown = await nextFrame(
    ws,
    JSON.stringify({ t: 'call', id: 3, cmd: 'fs.rm', req: {} }),
    byId(3),
  );
  expect(unknown).toMatchObject({ result: { ok: false, error: { code: 'UNKNOWN_COMMAND' } } });
  const invalid = await nextFrame(
    ws,
    JSON.stringify({
      t: 'call',
      id: 4,
      cmd: 'settings.update',
      req: { quarantineRetentionDays: -1 },
    }),
    byId(4),
  );
  expect(invalid).toMatchObject({ result: { ok: false, error: { code: 'INVALID_INPUT' } } });
  const binary = await nextFrame(ws, Buffer.from([1, 2, 3]), (f) => f.t === 'error');
  expect(binary).toMatchObject({ error: { code: 'INVALID_INPUT' } });

  // An oversized frame closes that connection (1009) and nothing else.
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send('x'.repeat(512 * 1024));
  expect(await closed).toBe(1009);
  const again = await openWs(wsUrl, { Origin: origin });
  expect('ws' in again).toBe(true);
  if ('ws' in again) again.ws.close();
});

test('a page on another origin cannot talk to the UI from a real browser', async ({ page, ui }) => {
  // The "attacker": a page served from another local port, trying both fetch and WebSocket.
  const evil = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>evil</title>');
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  try {
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    const target = `http://127.0.0.1:${ui.port}/${ui.token}/`;
    // Even if the page somehow knew the token, the request the browser sends is marked
    // cross-site and refused; the WebSocket handshake carries the foreign Origin and fails.
    const response = page.waitForResponse(target);
    const ws = await page.evaluate(
      async ({ target, wsUrl }) => {
        void fetch(target, { mode: 'no-cors' }).catch(() => {});
        return new Promise<string>((resolve) => {
          const s = new WebSocket(wsUrl);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('refused');
        });
      },
      { target, wsUrl: `ws://127.0.0.1:${ui.port}/${ui.token}/ws` },
    );
    expect(ws).toBe('refused');
    expect((await response).status()).toBe(403);
  } finally {
    evil.close();
  }
});
