import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EngineServer } from '../../../electron/engine/host/engine-server';
import { ShellCipher } from '../../../electron/engine/host/shell-cipher';
import { engineEndpoints, usableEndpoint } from '../../../electron/engine/link/engine-endpoint';
import { EngineLink } from '../../../electron/engine/link/engine-link';
import { EngineLock } from '../../../electron/engine/link/engine-lock';
import type { KeychainCipher } from '../../../electron/engine/link/secret-protocol';
import {
  answerSecretRequest,
  MAX_SECRET_CHARS,
} from '../../../electron/engine/link/secret-protocol';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { SecretStore } from '../../../electron/engine/remote/secret-store';
import { removeTree, tempDir } from '../../helpers/temp';

// The engine asks the desktop shell to seal and open remote secrets with the OS keychain: request
// and reply frames over the real engine endpoint (a unix socket), between the real EngineServer
// + ShellCipher and the real EngineLink.

/** A keychain for the tests: AES-256-GCM under a key of its own, recording what it is asked. */
class RecordingKeychain implements KeychainCipher {
  readonly calls: string[] = [];
  private readonly key = randomBytes(32);
  constructor(public usable = true) {}
  available(): boolean {
    this.calls.push('available');
    return this.usable;
  }
  encrypt(plain: string): Buffer {
    this.calls.push('encrypt');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('kc1'), iv, c.getAuthTag(), body]);
  }
  decrypt(sealed: Buffer): string {
    this.calls.push('decrypt');
    if (sealed.subarray(0, 3).toString() !== 'kc1') throw new Error('not sealed by this keychain');
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(3, 15));
    d.setAuthTag(sealed.subarray(15, 31));
    return Buffer.concat([d.update(sealed.subarray(31)), d.final()]).toString('utf8');
  }
}

interface Engine {
  cipher: ShellCipher;
  socket: string;
  token: string;
  dir: string;
}

async function engine(o: { timeoutMs?: number; attachWaitMs?: number } = {}): Promise<Engine> {
  const dir = await tempDir('modvault-secret-');
  const ep = usableEndpoint(engineEndpoints(path.join(dir, 'config')));
  const r = EngineLock.acquire(ep.lockFile, { host: 'daemon', socket: ep.socket, startedAt: '' });
  if (!r.acquired) throw new Error('lock held');
  const cipher = new ShellCipher({ logger: silentLogger, ...o });
  const server = new EngineServer({
    socket: ep.socket,
    token: r.lock.record.token,
    info: { pid: process.pid, host: 'daemon', startedAt: '', version: 1, store: '/s' },
    backend: { call: async () => ({ ok: true, value: null }), onAny: () => () => {} },
    logger: silentLogger,
    onPower: () => {},
    secrets: cipher,
  });
  await server.listen();
  onTestFinished(async () => {
    await server.close();
    r.lock.release();
    await removeTree(dir);
  });
  return { cipher, socket: ep.socket, token: r.lock.record.token, dir };
}

async function shell(
  e: Engine,
  keychain: KeychainCipher | null,
  client: 'desktop' | 'ui' = 'desktop',
) {
  const link = await EngineLink.connect({
    socket: e.socket,
    token: e.token,
    hello: { client, origin: 'ipc' },
    secrets: keychain,
  });
  onTestFinished(() => link.close());
  return link;
}

/** A front end speaking the line protocol by hand: says it keeps secrets, answers as told. */
async function rawShell(
  e: Engine,
  answer: (req: { id: number; op: string }, send: (f: unknown) => void) => void,
): Promise<Socket> {
  const socket = connect(e.socket);
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const send = (f: unknown) => socket.write(JSON.stringify(f) + '\n');
  let buf = '';
  let welcomed!: () => void;
  const welcome = new Promise<void>((r) => (welcomed = r));
  socket.on('data', (d) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const frame = JSON.parse(buf.slice(0, i)) as { t: string; id: number; op: string };
      buf = buf.slice(i + 1);
      if (frame.t === 'welcome') welcomed();
      if (frame.t === 'secret') answer(frame, send);
    }
  });
  send({ t: 'hello', v: 1, token: e.token, client: 'desktop', origin: 'ipc', secrets: true });
  await welcome;
  onTestFinished(() => void socket.destroy());
  return socket;
}

const attached = (e: Engine) => expect.poll(() => e.cipher.available(), { timeout: 5000 });

describe('secrets between the engine and the desktop shell', () => {
  it('the engine seals and opens secrets through the shell; the file holds only sealed bytes', async () => {
    const e = await engine();
    const keychain = new RecordingKeychain();
    await shell(e, keychain);
    await attached(e).toBe(true);
    const store = new SecretStore(path.join(e.dir, 'secrets.json'), e.cipher);
    const creds = JSON.stringify({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's3cr3t/+=key' });
    await store.set('remote/team/credentials', creds);
    await store.set('remote/team/passphrase', 'correct horse – 电池');
    const file = await readFile(path.join(e.dir, 'secrets.json'), 'utf8');
    expect(file).not.toContain('AKIAEXAMPLE');
    expect(file).not.toContain('s3cr3t');
    expect(file).not.toContain('horse');
    const sealed = JSON.parse(file) as Record<string, string>;
    expect(
      Buffer.from(sealed['remote/team/credentials']!, 'base64').subarray(0, 3).toString(),
    ).toBe('kc1');
    expect(await store.get('remote/team/credentials')).toBe(creds);
    expect(await store.get('remote/team/passphrase')).toBe('correct horse – 电池');
    expect(keychain.calls.filter((c) => c !== 'available')).toEqual([
      'encrypt',
      'encrypt',
      'decrypt',
      'decrypt',
    ]);
  });

  it('without a shell: nothing to ask; saved secrets stay sealed, saving is refused clearly', async () => {
    const e = await engine();
    const keychain = new RecordingKeychain();
    const link = await shell(e, keychain);
    await attached(e).toBe(true);
    const store = new SecretStore(path.join(e.dir, 'secrets.json'), e.cipher);
    await store.set('remote/team/passphrase', 'pass');
    link.close();
    await attached(e).toBe(false);
    // As the CLI and the daemon always did: no secret from the file, the environment instead.
    expect(await store.get('remote/team/passphrase')).toBeNull();
    expect(await store.usable('remote/team/passphrase')).toBe(false);
    expect(await store.saved('remote/team/passphrase')).toBe(true);
    await expect(store.set('remote/team/passphrase', 'other')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/no desktop app is attached/),
    });
    await expect(e.cipher.decrypt(Buffer.from('x'))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    // A front end that does not keep secrets (`modvault ui`) is never asked.
    await shell(e, null, 'ui');
    expect(await e.cipher.available()).toBe(false);
  });

  it('a shell without a usable keychain (Linux basic_text): unavailable, saving refused with the fix', async () => {
    const e = await engine();
    await shell(e, new RecordingKeychain(false));
    await expect.poll(() => e.cipher.available()).toBe(false);
    const store = new SecretStore(path.join(e.dir, 'secrets.json'), e.cipher);
    await expect(store.set('k', 'v')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'The OS keychain is not available to ModVault here.',
      fix: expect.stringMatching(/Secret Service/),
    });
  });

  it('a shell that never answers: TIMEOUT, and a saved secret is an error, not a switch to other keys', async () => {
    const e = await engine({ timeoutMs: 300 });
    let answering = true;
    await rawShell(e, (req, send) => {
      if (answering)
        send({
          t: 'secret-reply',
          id: req.id,
          ok: true,
          value: req.op === 'available' ? true : 'a2Mx',
        });
    });
    const store = new SecretStore(path.join(e.dir, 'secrets.json'), e.cipher);
    await store.set('k', 'v');
    answering = false;
    await expect(e.cipher.available()).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(store.get('k')).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/did not answer/),
    });
  });

  it('a shell that goes away mid-request: DISCONNECTED at once', async () => {
    const e = await engine({ timeoutMs: 60_000 });
    const socket = await rawShell(e, (req, send) => {
      if (req.op === 'available') send({ t: 'secret-reply', id: req.id, ok: true, value: true });
      else setTimeout(() => socket.destroy(), 50);
    });
    await expect(e.cipher.encrypt('v')).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('replies are validated: wrong ids, wrong shapes, wrong value types never pass as secrets', async () => {
    const e = await engine({ timeoutMs: 500 });
    await rawShell(e, (req, send) => {
      // Noise first: another id, not JSON-shaped, an extra field, a wrong type for the op.
      send({ t: 'secret-reply', id: req.id + 1000, ok: true, value: 'eA==' });
      send({ t: 'secret-reply', id: req.id, ok: true, value: 'x', extra: 1 });
      send({ t: 'secret-reply', id: 'one', ok: true, value: 'x' });
      if (req.op === 'encrypt')
        send({ t: 'secret-reply', id: req.id, ok: true, value: 'not base64!' });
      if (req.op === 'decrypt') send({ t: 'secret-reply', id: req.id, ok: true, value: true });
      if (req.op === 'available') send({ t: 'secret-reply', id: req.id, ok: true, value: 'yes' });
    });
    for (const run of [
      () => e.cipher.available(),
      () => e.cipher.encrypt('v'),
      () => e.cipher.decrypt(Buffer.from('sealed')),
    ])
      await expect(run()).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/wrong value/),
      });
  });

  it('waits for the shell that started the engine, when told to', async () => {
    const e = await engine({ attachWaitMs: 10_000 });
    const asked = e.cipher.encrypt('late');
    await new Promise((r) => setTimeout(r, 100));
    const keychain = new RecordingKeychain();
    await shell(e, keychain);
    expect(keychain.decrypt(await asked)).toBe('late');
  });
});

describe("the shell's answer to a request", () => {
  const keychain = new RecordingKeychain();
  it('refuses malformed requests with INVALID_INPUT, and ignores ones without a usable id', () => {
    for (const bad of [
      { t: 'secret', id: 1, op: 'export' },
      { t: 'secret', id: 1, op: 'encrypt', plain: 'x'.repeat(MAX_SECRET_CHARS + 1) },
      { t: 'secret', id: 1, op: 'decrypt', sealed: 'not base64!' },
      { t: 'secret', id: 1, op: 'encrypt', plain: 'x', path: '/etc/passwd' },
    ])
      expect(answerSecretRequest(keychain, bad)).toMatchObject({
        id: 1,
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    expect(answerSecretRequest(keychain, { t: 'secret', op: 'available' })).toBeNull();
    expect(answerSecretRequest(keychain, null)).toBeNull();
  });

  it('answers with the keychain; its failure is a reply, never a throw', () => {
    const sealed = answerSecretRequest(keychain, { t: 'secret', id: 2, op: 'encrypt', plain: 'p' });
    expect(sealed).toMatchObject({ id: 2, ok: true });
    const value = (sealed as { value: string }).value;
    expect(
      answerSecretRequest(keychain, { t: 'secret', id: 3, op: 'decrypt', sealed: value }),
    ).toEqual({
      t: 'secret-reply',
      id: 3,
      ok: true,
      value: 'p',
    });
    expect(
      answerSecretRequest(keychain, { t: 'secret', id: 4, op: 'decrypt', sealed: 'AAAA' }),
    ).toMatchObject({ id: 4, ok: false, error: { code: 'INTERNAL' } });
    expect(answerSecretRequest(null, { t: 'secret', id: 5, op: 'available' })).toMatchObject({
      value: false,
    });
    expect(
      answerSecretRequest(new RecordingKeychain(false), {
        t: 'secret',
        id: 6,
        op: 'encrypt',
        plain: 'p',
      }),
    ).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});
