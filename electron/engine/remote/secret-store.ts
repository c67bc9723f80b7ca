import { readFile } from 'node:fs/promises';
import { EngineError } from '../errors';
import { writeFileAtomic } from '../platform/atomic-file';

/**
 * The port to the OS's secret protection (Electron's safeStorage: the keychain, DPAPI, the
 * Secret Service). Only the desktop shell can reach it, so an engine asks the attached shell
 * (host/shell-cipher.ts); one-shot CLI commands have none and use the environment and the AWS
 * shared credentials file instead.
 */
export interface SecretCipher {
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<string>;
}

/** The shell could not be asked at all (it went away, or did not answer in time). */
const unanswered = (e: unknown) =>
  e instanceof EngineError && (e.code === 'TIMEOUT' || e.code === 'DISCONNECTED');

/** Remote credentials and passphrases, encrypted with the cipher, in one file of the config folder. */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher | null,
  ) {}

  async available(): Promise<boolean> {
    return (await this.cipher?.available()) ?? false;
  }

  /**
   * The secret, or null when none is saved or the keychain cannot open it here (no desktop app
   * attached, sealed by another keychain): callers then use the environment, as the CLI does.
   * A shell that is asked but does not answer is an error, never a silent switch of keys.
   */
  async get(key: string): Promise<string | null> {
    const sealed = (await this.read())[key];
    if (!sealed || !(await this.available())) return null;
    try {
      return await this.cipher!.decrypt(Buffer.from(sealed, 'base64'));
    } catch (e) {
      if (unanswered(e)) throw e;
      return null;
    }
  }

  /** Whether a secret is saved under `key` and this engine can open it (nothing is decrypted). */
  async usable(key: string): Promise<boolean> {
    return Boolean((await this.read())[key]) && (await this.available());
  }

  /** Whether a secret is saved under `key`, whether or not it can be opened here. */
  async saved(key: string): Promise<boolean> {
    return Boolean((await this.read())[key]);
  }

  async set(key: string, value: string | null): Promise<void> {
    const all = await this.read();
    if (value === null) delete all[key];
    else {
      if (!this.cipher)
        throw new EngineError('UNSUPPORTED', 'Secrets cannot be kept safely here.', {
          fix: 'Use the AWS environment variables or ~/.aws/credentials (and MODVAULT_PASSPHRASE) instead; the desktop app keeps them with the OS keychain.',
        });
      // The cipher refuses with the reason (no desktop app attached, no keychain on this system).
      all[key] = (await this.cipher.encrypt(value)).toString('base64');
    }
    await writeFileAtomic(this.file, JSON.stringify(all, null, 2) + '\n', 0o600);
  }

  /** Removes every secret whose key starts with `prefix`. */
  async deleteAll(prefix: string): Promise<void> {
    const all = await this.read();
    const keys = Object.keys(all).filter((k) => k.startsWith(prefix));
    if (keys.length === 0) return;
    for (const k of keys) delete all[k];
    await writeFileAtomic(this.file, JSON.stringify(all, null, 2) + '\n', 0o600);
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const v = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  }
}
