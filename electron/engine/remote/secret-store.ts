import { readFile } from 'node:fs/promises';
import { EngineError } from '../errors';
import { writeFileAtomic } from '../platform/atomic-file';

/**
 * The port to the OS's secret protection (Electron's safeStorage: the keychain, DPAPI, the
 * Secret Service). The desktop shell provides it; the CLI and browser mode have none and use
 * the environment and the AWS shared credentials file instead.
 */
export interface SecretCipher {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Remote credentials and passphrases, encrypted with the cipher, in one file of the config folder. */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher | null,
  ) {}

  get available(): boolean {
    return this.cipher?.available() ?? false;
  }

  async get(key: string): Promise<string | null> {
    if (!this.available) return null;
    const sealed = (await this.read())[key];
    if (!sealed) return null;
    try {
      return this.cipher!.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      return null;
    }
  }

  async set(key: string, value: string | null): Promise<void> {
    const all = await this.read();
    if (value === null) delete all[key];
    else {
      if (!this.available)
        throw new EngineError('UNSUPPORTED', 'Secrets cannot be kept safely here.', {
          fix: 'Use the AWS environment variables or ~/.aws/credentials (and MODVAULT_PASSPHRASE) instead; the desktop app keeps them with the OS keychain.',
        });
      all[key] = this.cipher!.encrypt(value).toString('base64');
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
