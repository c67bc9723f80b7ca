import { EngineError } from '../errors';
import type { SecretOp, SecretReply, SecretRequest } from '../link/secret-protocol';
import { replyValue, secretReplyFrame } from '../link/secret-protocol';
import type { Logger } from '../platform/logger';
import type { SecretCipher } from '../remote/secret-store';

/** A front end that answers secret requests (the desktop shell): where requests are sent. */
export interface SecretPeer {
  send(frame: SecretRequest): void;
}

export interface ShellCipherOptions {
  logger: Logger;
  /**
   * How long a request waits for the shell's answer. The OS may ask the user first (the macOS
   * keychain's "allow" prompt), so this is generous.
   */
  timeoutMs?: number;
  /**
   * How long to wait for a shell to attach when none is: the desktop app's own engine process
   * starts before its shell connects; a daemon or `modvault ui` does not wait for one.
   */
  attachWaitMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const NO_KEYCHAIN_FIX =
  'On Linux, run a Secret Service (GNOME Keyring, KeePassXC) or KWallet and open ModVault again; or use the AWS environment variables or ~/.aws/credentials (and MODVAULT_PASSPHRASE) instead.';

interface Pending {
  op: SecretOp;
  peer: SecretPeer;
  settle(r: { ok: true; value: unknown } | { ok: false; error: Error }): void;
}

/**
 * The engine's SecretCipher when the OS keychain lives in another process: each operation is a
 * request to the attached desktop shell, answered with Electron's safeStorage. Without a shell
 * the keychain is not available, so saved secrets stay sealed and the engine uses what the CLI
 * and the daemon use (the AWS environment and shared credentials file, MODVAULT_PASSPHRASE).
 */
export class ShellCipher implements SecretCipher {
  private readonly peers: SecretPeer[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private attachWaiters: (() => void)[] = [];
  private readonly deadline: number;

  constructor(private readonly opts: ShellCipherOptions) {
    this.deadline = Date.now() + (opts.attachWaitMs ?? 0);
  }

  /** A front end that announced `secrets: true`; the returned function detaches it. */
  attach(peer: SecretPeer): () => void {
    this.peers.push(peer);
    for (const w of this.attachWaiters.splice(0)) w();
    return () => {
      const i = this.peers.indexOf(peer);
      if (i >= 0) this.peers.splice(i, 1);
      for (const [rid, p] of this.pending)
        if (p.peer === peer) {
          this.pending.delete(rid);
          p.settle({
            ok: false,
            error: new EngineError(
              'DISCONNECTED',
              'The desktop app went away before the OS keychain answered.',
              { fix: 'Open ModVault again and repeat what you did.' },
            ),
          });
        }
    };
  }

  /** A reply frame from `peer`; anything that is not a reply to one of its requests is dropped. */
  receive(peer: SecretPeer, frame: unknown): void {
    const parsed = secretReplyFrame.safeParse(frame);
    if (!parsed.success) {
      this.opts.logger.warn('malformed secret reply', {});
      return;
    }
    const reply: SecretReply = parsed.data;
    const p = this.pending.get(reply.id);
    if (!p || p.peer !== peer) return;
    this.pending.delete(reply.id);
    if (!reply.ok) {
      const { code, message } = reply.error;
      return p.settle({
        ok: false,
        error:
          code === 'UNSUPPORTED'
            ? new EngineError('UNSUPPORTED', message, { fix: NO_KEYCHAIN_FIX })
            : new EngineError('INTERNAL', message),
      });
    }
    const value = replyValue[p.op].safeParse(reply.value);
    if (!value.success)
      return p.settle({
        ok: false,
        error: new EngineError(
          'INTERNAL',
          `The desktop app answered "${p.op}" with a wrong value.`,
        ),
      });
    p.settle({ ok: true, value: value.data });
  }

  async available(): Promise<boolean> {
    const peer = await this.peer();
    if (!peer) return false;
    return (await this.request(peer, { op: 'available' })) as boolean;
  }

  async encrypt(plain: string): Promise<Buffer> {
    const peer = await this.peer();
    if (!peer) throw noShell();
    return Buffer.from((await this.request(peer, { op: 'encrypt', plain })) as string, 'base64');
  }

  async decrypt(sealed: Buffer): Promise<string> {
    const peer = await this.peer();
    if (!peer) throw noShell();
    return (await this.request(peer, {
      op: 'decrypt',
      sealed: sealed.toString('base64'),
    })) as string;
  }

  /** The most recently attached shell, after waiting for one while the attach window lasts. */
  private async peer(): Promise<SecretPeer | null> {
    const wait = this.deadline - Date.now();
    if (this.peers.length === 0 && wait > 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        const waiters = this.attachWaiters;
        function done() {
          clearTimeout(timer);
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          resolve();
        }
        waiters.push(done);
      });
    return this.peers.at(-1) ?? null;
  }

  private request(
    peer: SecretPeer,
    body:
      { op: 'available' } | { op: 'encrypt'; plain: string } | { op: 'decrypt'; sealed: string },
  ): Promise<unknown> {
    const rid = this.nextId++;
    const ms = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(
          new EngineError(
            'TIMEOUT',
            `The desktop app did not answer a request to the OS keychain within ${Math.round(ms / 1000)} s.`,
            { fix: 'Answer the keychain prompt if one is open, then try again.' },
          ),
        );
      }, ms);
      this.pending.set(rid, {
        op: body.op,
        peer,
        settle: (r) => {
          clearTimeout(timer);
          if (r.ok) resolve(r.value);
          else reject(r.error);
        },
      });
      peer.send({ t: 'secret', id: rid, ...body } as SecretRequest);
    });
  }
}

function noShell(): EngineError {
  return new EngineError(
    'UNSUPPORTED',
    'Secrets can be kept only by the desktop app, with the OS keychain, and no desktop app is attached to this engine.',
    {
      fix: 'Open the ModVault desktop app and save them in Settings, or use the AWS environment variables or ~/.aws/credentials (and MODVAULT_PASSPHRASE) instead.',
    },
  );
}
