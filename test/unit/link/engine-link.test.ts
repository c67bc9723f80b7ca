import { connect } from 'node:net';
import { chownSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EventMap, EventName } from '../../../shared/contract';
import { EngineServer } from '../../../electron/engine/host/engine-server';
import { EngineConnection } from '../../../electron/engine/link/engine-connection';
import type { EngineEndpoint } from '../../../electron/engine/link/engine-endpoint';
import {
  engineEndpoints,
  preparePrivateDir,
  usableEndpoint,
} from '../../../electron/engine/link/engine-endpoint';
import { EngineLink } from '../../../electron/engine/link/engine-link';
import { EngineLock } from '../../../electron/engine/link/engine-lock';
import type { EngineInfo } from '../../../electron/engine/link/link-protocol';
import { silentLogger } from '../../../electron/engine/platform/logger';
import type { RpcBackend } from '../../../electron/engine/rpc/rpc-session';
import { removeTree, tempDir } from '../../helpers/temp';

type Any = <E extends EventName>(e: E, p: EventMap[E]) => void;

/** A stand-in engine on the real endpoint: echoes calls, can emit events, records power. */
class FakeEngine {
  readonly listeners = new Set<Any>();
  readonly power: string[] = [];
  server!: EngineServer;
  lock!: EngineLock;
  hold: Promise<void> | null = null;

  static async start(ep: EngineEndpoint): Promise<FakeEngine> {
    const e = new FakeEngine();
    const r = EngineLock.acquire(ep.lockFile, { host: 'ui', socket: ep.socket, startedAt: '' });
    if (!r.acquired) throw new Error('lock held');
    e.lock = r.lock;
    const backend: RpcBackend = {
      call: async (cmd, req) => {
        if (cmd === 'jobs.list' && e.hold) await e.hold;
        return { ok: true, value: { cmd, req } };
      },
      onAny: (fn) => {
        e.listeners.add(fn);
        return () => e.listeners.delete(fn);
      },
    };
    const info: EngineInfo = {
      pid: process.pid,
      host: 'ui',
      startedAt: '',
      version: 1,
      store: '/s',
    };
    e.server = new EngineServer({
      socket: ep.socket,
      token: r.lock.record.token,
      info,
      backend,
      logger: silentLogger,
      onPower: (event, battery) => e.power.push(`${event}:${battery}`),
    });
    await e.server.listen();
    return e;
  }

  emit<E extends EventName>(evt: E, payload: EventMap[E]): void {
    for (const fn of this.listeners) fn(evt, payload);
  }

  async stop(): Promise<void> {
    await this.server.close();
    this.lock.release();
  }
}

async function endpoint(): Promise<EngineEndpoint> {
  const dir = await tempDir('modvault-ep-');
  onTestFinished(() => removeTree(dir));
  return usableEndpoint(engineEndpoints(path.join(dir, 'config')));
}

function rawHello(socket: string, hello: unknown): Promise<string> {
  return new Promise((resolve) => {
    const c = connect(socket, () => c.write(JSON.stringify(hello) + '\n'));
    let out = '';
    c.on('data', (d) => (out += d.toString()));
    c.on('close', () => resolve(out));
    setTimeout(() => c.destroy(), 2000);
  });
}

describe('the engine endpoint', () => {
  it('lives in a private folder: run dir 0700, socket 0600', async () => {
    const ep = await endpoint();
    const engine = await FakeEngine.start(ep);
    try {
      expect(statSync(ep.runDir).mode & 0o777).toBe(0o700);
      expect(statSync(ep.socket).mode & 0o777).toBe(0o600);
    } finally {
      await engine.stop();
    }
  });

  it('refuses a run folder that belongs to another account (it could reach the socket)', async () => {
    const dir = await tempDir('modvault-ep-');
    onTestFinished(() => removeTree(dir));
    const [primary, fallback] = engineEndpoints(path.join(dir, 'config'));
    mkdirSync(primary!.runDir, { recursive: true });
    chownSync(primary!.runDir, 65534, 65534);
    expect(() => preparePrivateDir(primary!.runDir)).toThrow(/not a folder of your own/);
    // The next place is used instead.
    expect(usableEndpoint([primary!, fallback!])).toBe(fallback);
  });

  it('refuses a connection without the token, with a wrong one, or without a handshake', async () => {
    const ep = await endpoint();
    const engine = await FakeEngine.start(ep);
    try {
      const base = { t: 'hello', v: 1, client: 'ui', origin: 'ws' };
      const wrong = await rawHello(ep.socket, { ...base, token: 'w'.repeat(32) });
      expect(wrong).toContain('"t":"refused"');
      expect(wrong).toContain('Wrong token');
      expect(await rawHello(ep.socket, { ...base })).toContain('"t":"refused"');
      expect(await rawHello(ep.socket, { t: 'call', id: 1, cmd: 'settings.get' })).toContain(
        '"t":"refused"',
      );
      const good = await EngineLink.connect({
        socket: ep.socket,
        token: engine.lock.record.token,
        hello: { client: 'ui', origin: 'ws' },
      });
      expect(good.engine.store).toBe('/s');
      expect(await good.invoke('settings.get', { a: 1 })).toEqual({
        ok: true,
        value: { cmd: 'settings.get', req: { a: 1 } },
      });
      good.close();
    } finally {
      await engine.stop();
    }
  });

  it('a front end survives the engine going away: calls wait, events and listeners carry on', async () => {
    const ep = await endpoint();
    let engine = await FakeEngine.start(ep);
    let starts = 0;
    const conn = new EngineConnection({
      endpoints: [ep],
      hello: { client: 'desktop', origin: 'ipc', notifications: true },
      logger: silentLogger,
      backoffMs: [0, 50],
      start: async () => {
        starts++;
        engine = await FakeEngine.start(ep);
        return { pid: process.pid, exited: new Promise(() => {}) };
      },
    });
    try {
      const states: string[] = [];
      conn.onState((s) => states.push(s));
      await conn.ready();
      expect(conn.ownsEngine).toBe(false);
      const seen: string[] = [];
      conn.on('ui.navigate', (p) => seen.push(p.route));
      engine.emit('ui.navigate', { route: 'one' });
      conn.power('on-battery', true);
      await expect.poll(() => seen).toEqual(['one']);
      await expect.poll(() => engine.power).toEqual(['on-battery:true']);

      // A call in flight when the engine goes: DISCONNECTED, never a hang.
      let release!: () => void;
      engine.hold = new Promise((r) => (release = r));
      const inFlight = conn.call('jobs.list', {});
      await new Promise((r) => setTimeout(r, 50));
      await engine.stop();
      release();
      expect(await inFlight).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
      // The next call waits for the engine the connection starts, and is answered by it.
      expect(await conn.call('settings.get', {})).toMatchObject({ ok: true });
      expect(starts).toBe(1);
      expect(conn.ownsEngine).toBe(true);
      expect(states).toEqual(['connected', 'reconnecting', 'connected']);
      engine.emit('ui.navigate', { route: 'two' });
      await expect.poll(() => seen).toEqual(['one', 'two']);
    } finally {
      await conn.close();
      await engine.stop();
    }
  });
});
