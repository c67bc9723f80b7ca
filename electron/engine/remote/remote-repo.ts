import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EngineError } from '../errors';
import type { ObjectStore } from './object-store';
import type { EncryptionParams } from './repo-crypto';
import { RepoKeys, sha256Hex } from './repo-crypto';
import { malformed } from './repo-format';

/**
 * A remote repository lives under "<prefix>/.modvault/": a name no Go module path can start
 * with, so the GOPROXY layout `publish` writes beside it can never collide with it.
 */
export const REPO_DIR = '.modvault';
const CONFIG = `${REPO_DIR}/config`;
export const PACKS = `${REPO_DIR}/packs/`;
export const INDEXES = `${REPO_DIR}/index/`;
export const SNAPSHOTS = `${REPO_DIR}/snapshots/`;
export const LOCKS = `${REPO_DIR}/locks/`;
export const MANIFESTS = `${REPO_DIR}/manifests/`;

export interface RepoConfig {
  format: 'modvault-remote';
  version: 1;
  /** Random, chosen when the repository was created. */
  id: string;
  created: string;
  encryption: EncryptionParams | null;
}

export interface OpenOptions {
  passphrase: string | null;
  /** The remote was added with --encrypt: a config claiming otherwise is refused. */
  encrypted: boolean;
  /** Create the repository when the prefix holds none (push does; restore does not). */
  create: boolean;
  /** Where immutable documents read from the remote are kept (sealed as on the remote). */
  cacheDir: string | null;
  signal?: AbortSignal;
}

function parseConfig(bytes: Buffer, label: string): RepoConfig {
  let c: RepoConfig;
  try {
    c = JSON.parse(bytes.toString('utf8')) as RepoConfig;
  } catch {
    throw malformed(`${label}/${CONFIG}`, 'not JSON');
  }
  if (c?.format !== 'modvault-remote' || typeof c.id !== 'string')
    throw malformed(`${label}/${CONFIG}`, 'not a ModVault remote configuration');
  if (c.version !== 1)
    throw new EngineError('UNSUPPORTED', `${label} was created by a newer ModVault.`, {
      fix: 'Upgrade ModVault to use this remote.',
    });
  return c;
}

/**
 * The repository's objects: sealing and naming (with the passphrase's keys when the remote is
 * encrypted), documents as gzip'd JSON, and a local cache of the immutable ones so that a
 * second listing costs only the LIST request.
 */
export class RemoteRepo {
  private constructor(
    readonly objects: ObjectStore,
    readonly config: RepoConfig,
    readonly keys: RepoKeys | null,
    private readonly cacheDir: string | null,
  ) {}

  get label(): string {
    return this.objects.label;
  }

  get encrypted(): boolean {
    return this.keys !== null;
  }

  /** The repository, or null when the prefix holds none and `create` is off. */
  static async open(objects: ObjectStore, o: OpenOptions): Promise<RemoteRepo | null> {
    let raw = await objects.get(CONFIG, { signal: o.signal });
    if (!raw) {
      if (!o.create) return null;
      let encryption: EncryptionParams | null = null;
      if (o.encrypted) {
        if (!o.passphrase) throw needsPassphrase(objects.label);
        encryption = (await RepoKeys.create(o.passphrase)).params;
      }
      const config: RepoConfig = {
        format: 'modvault-remote',
        version: 1,
        id: randomBytes(8).toString('hex'),
        created: new Date().toISOString(),
        encryption,
      };
      await objects.put(CONFIG, Buffer.from(JSON.stringify(config, null, 2) + '\n'), {
        contentType: 'application/json',
        signal: o.signal,
      });
      // Two first pushes at once: whichever config the server kept is the repository's.
      raw = (await objects.get(CONFIG, { signal: o.signal })) ?? Buffer.alloc(0);
    }
    const config = parseConfig(raw, objects.label);
    if (!config.encryption && o.encrypted)
      throw new EngineError(
        'CORRUPT',
        `${objects.label} says it is not encrypted, but it was added as an encrypted remote.`,
        {
          fix: "Someone may have replaced the remote's configuration: do not push to it. Check the bucket, or add the remote again without --encrypt if it never was encrypted.",
        },
      );
    let keys: RepoKeys | null = null;
    if (config.encryption) {
      if (!o.passphrase) throw needsPassphrase(objects.label);
      keys = await RepoKeys.open(o.passphrase, config.encryption, objects.label);
    }
    const cacheDir = o.cacheDir ? path.join(o.cacheDir, config.id) : null;
    return new RemoteRepo(objects, config, keys, cacheDir);
  }

  packKey(sha256: string): string {
    return `${PACKS}${this.keys ? this.keys.name('pack', sha256) : sha256}`;
  }

  indexKey(sha256: string): string {
    return `${INDEXES}${this.keys ? this.keys.name('index', sha256) : sha256}`;
  }

  snapshotKey(id: string): string {
    return `${SNAPSHOTS}${id}`;
  }

  seal(key: string, plain: Buffer): Buffer {
    return this.keys ? this.keys.seal(key, plain) : plain;
  }

  open(key: string, stored: Buffer): Buffer {
    return this.keys ? this.keys.open(key, stored) : stored;
  }

  /** Writes a document; returns the bytes stored. */
  async putDoc(key: string, doc: unknown, signal?: AbortSignal): Promise<number> {
    const body = this.seal(key, gzipSync(JSON.stringify(doc)));
    await this.objects.put(key, body, { contentType: 'application/octet-stream', signal });
    return body.length;
  }

  /** Writes an index document under its content's name; returns its key and size. */
  async putIndex(doc: unknown, signal?: AbortSignal): Promise<{ key: string; bytes: number }> {
    const plain = gzipSync(JSON.stringify(doc));
    const key = this.indexKey(sha256Hex(plain));
    const body = this.seal(key, plain);
    await this.objects.put(key, body, { signal });
    return { key, bytes: body.length };
  }

  /** Reads a document, or null when it is gone; content-named ones are checked against their name. */
  async getDoc(key: string, signal?: AbortSignal): Promise<unknown> {
    let stored = await this.cached(key);
    const fromCache = stored !== null;
    stored ??= await this.objects.get(key, { signal });
    if (!stored) return null;
    const plain = this.open(key, stored);
    if (key.startsWith(INDEXES) && this.indexKey(sha256Hex(plain)) !== key) {
      if (fromCache) {
        await this.uncache(key);
        return this.getDoc(key, signal);
      }
      throw new EngineError(
        'CORRUPT',
        `The remote object ${key} does not match its name: it was changed or damaged.`,
        {
          fix: 'Nothing from it was used. Run `modvault remote check NAME` and push again from a machine that has the snapshots.',
        },
      );
    }
    let doc: unknown;
    try {
      doc = JSON.parse(gunzipSync(plain).toString('utf8'));
    } catch {
      if (fromCache) {
        await this.uncache(key);
        return this.getDoc(key, signal);
      }
      throw malformed(key, "not a gzip'd JSON document");
    }
    if (!fromCache) await this.keep(key, stored);
    return doc;
  }

  /** Drops cached documents the remote no longer lists (forgotten, pruned). */
  async forgetCachedExcept(keys: Set<string>): Promise<void> {
    if (!this.cacheDir) return;
    const names = await readdir(this.cacheDir).catch(() => [] as string[]);
    for (const n of names)
      if (!keys.has(fromCacheName(n))) await rm(path.join(this.cacheDir, n), { force: true });
  }

  private async cached(key: string): Promise<Buffer | null> {
    if (!this.cacheDir) return null;
    return readFile(path.join(this.cacheDir, cacheName(key))).catch(() => null);
  }

  private async keep(key: string, stored: Buffer): Promise<void> {
    if (!this.cacheDir) return;
    try {
      await mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
      const file = path.join(this.cacheDir, cacheName(key));
      const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
      await writeFile(tmp, stored, { mode: 0o600 });
      await rename(tmp, file);
    } catch {
      /* a cache: the next read fetches it again */
    }
  }

  private async uncache(key: string): Promise<void> {
    if (this.cacheDir) await rm(path.join(this.cacheDir, cacheName(key)), { force: true });
  }
}

const cacheName = (key: string) => key.slice(REPO_DIR.length + 1).replace('/', '-');
const fromCacheName = (name: string) => `${REPO_DIR}/${name.replace('-', '/')}`;

function needsPassphrase(label: string): EngineError {
  return new EngineError('UNAUTHORIZED', `${label} is encrypted: its passphrase is needed.`, {
    fix: 'Set MODVAULT_PASSPHRASE (or pass --passphrase-file FILE); in the app, save it with the remote in Settings.',
  });
}
