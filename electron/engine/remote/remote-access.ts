import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PushedSnapshots, RemoteView } from '../../../shared/dto/remote';
import { EngineError, fromErrno } from '../errors';
import { writeFileAtomic } from '../platform/atomic-file';
import type { ObjectStore } from './object-store';
import type { RemoteRecord, RemoteRegistry } from './remote-registry';
import { RemoteRepo } from './remote-repo';
import { remoteUrl } from './remote-url';
import type { S3Target } from './s3-object-store';
import { S3ObjectStore } from './s3-object-store';
import type { SecretStore } from './secret-store';

export interface RemoteAccessDeps {
  registry: RemoteRegistry;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** Local copies of remote documents and what each remote was last seen to hold. */
  cacheRoot: string;
  /** Tests of the layers above may put another store here; everything else uses S3. */
  objectStore?: (t: S3Target) => ObjectStore;
}

const secretKey = (name: string, what: 'credentials' | 'passphrase') => `remote/${name}/${what}`;

/** Opens remotes by name: their objects with the right credentials, their repository with its keys. */
export class RemoteAccess {
  constructor(private readonly d: RemoteAccessDeps) {}

  get registry(): RemoteRegistry {
    return this.d.registry;
  }

  get secrets(): SecretStore {
    return this.d.secrets;
  }

  async objects(name: string): Promise<{ record: RemoteRecord; objects: ObjectStore }> {
    const record = await this.d.registry.get(name);
    const saved = await this.d.secrets.get(secretKey(name, 'credentials'));
    const target: S3Target = {
      bucket: record.bucket,
      prefix: record.prefix,
      endpoint: record.endpoint,
      region: record.region,
      pathStyle: record.pathStyle,
      credentials: saved ? (JSON.parse(saved) as S3Target['credentials']) : null,
    };
    return { record, objects: (this.d.objectStore ?? ((t) => new S3ObjectStore(t)))(target) };
  }

  /** The remote's repository; NOT_FOUND when nothing was pushed there and `create` is off. */
  async repo(
    name: string,
    o: { create: boolean; passphrase?: string; signal?: AbortSignal },
  ): Promise<RemoteRepo> {
    const repo = await this.openRepo(name, o);
    if (!repo)
      throw new EngineError('NOT_FOUND', `Remote "${name}" holds no ModVault snapshots yet.`, {
        fix: `Push some first: modvault push --to ${name}`,
      });
    return repo;
  }

  /** The remote's repository, or null when its prefix holds none (and `create` is off). */
  async openRepo(
    name: string,
    o: { create: boolean; passphrase?: string; signal?: AbortSignal },
  ): Promise<RemoteRepo | null> {
    const { record, objects } = await this.objects(name);
    try {
      const repo = await RemoteRepo.open(objects, {
        passphrase: o.passphrase ?? (await this.passphrase(record)),
        encrypted: record.encrypted,
        create: o.create,
        cacheDir: this.cacheDir(record),
        signal: o.signal,
      });
      if (!repo) objects.close();
      return repo;
    } catch (e) {
      objects.close();
      throw e;
    }
  }

  private async passphrase(record: RemoteRecord): Promise<string | null> {
    const key = secretKey(record.name, 'passphrase');
    const saved = await this.d.secrets.get(key);
    if (saved) return saved;
    if (this.d.env.MODVAULT_PASSPHRASE) return this.d.env.MODVAULT_PASSPHRASE;
    const file = this.d.env.MODVAULT_PASSPHRASE_FILE;
    if (file)
      try {
        return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (e) {
        throw fromErrno(e, `the passphrase file ${file}`) ?? e;
      }
    // Saved in Settings, but sealed by a keychain this engine cannot reach.
    if (record.encrypted && (await this.d.secrets.saved(key)))
      throw new EngineError(
        'UNAUTHORIZED',
        `The passphrase of remote "${record.name}" is kept with the desktop app's OS keychain, and no desktop app is attached to this engine to open it.`,
        {
          fix: 'Open the ModVault desktop app (the engine asks it), or set MODVAULT_PASSPHRASE (or pass --passphrase-file FILE).',
        },
      );
    return null;
  }

  async saveSecrets(
    name: string,
    s: { credentials?: { accessKeyId: string; secretAccessKey: string }; passphrase?: string },
  ): Promise<void> {
    if (s.credentials)
      await this.d.secrets.set(secretKey(name, 'credentials'), JSON.stringify(s.credentials));
    if (s.passphrase) await this.d.secrets.set(secretKey(name, 'passphrase'), s.passphrase);
  }

  async forgetSecrets(name: string): Promise<void> {
    await this.d.secrets.deleteAll(`remote/${name}/`);
  }

  private cacheDir(r: RemoteRecord): string {
    const id = createHash('sha256')
      .update(`${r.endpoint}\0${r.bucket}\0${r.prefix}`)
      .digest('hex')
      .slice(0, 16);
    return path.join(this.d.cacheRoot, id);
  }

  /** Records which snapshots the remote holds (for the Snapshots page, without the network). */
  async noteSeen(name: string, snapshots: string[]): Promise<void> {
    const r = await this.d.registry.get(name);
    const file = path.join(this.cacheDir(r), 'seen.json');
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(
        file,
        JSON.stringify({ at: new Date().toISOString(), snapshots: [...snapshots].sort() }) + '\n',
        0o600,
      );
    } catch {
      /* only a hint for the UI */
    }
  }

  private async seen(r: RemoteRecord): Promise<RemoteView['seen']> {
    try {
      const v = JSON.parse(await readFile(path.join(this.cacheDir(r), 'seen.json'), 'utf8')) as {
        at: string;
        snapshots: string[];
      };
      return { at: v.at, snapshots: v.snapshots };
    } catch {
      return null;
    }
  }

  async view(r: RemoteRecord): Promise<RemoteView> {
    // Whether the engine can use them here; nothing is decrypted to list a remote.
    const saved = (w: 'credentials' | 'passphrase') => this.d.secrets.usable(secretKey(r.name, w));
    return {
      name: r.name,
      url: remoteUrl(r),
      bucket: r.bucket,
      prefix: r.prefix,
      endpoint: r.endpoint,
      region: r.region,
      pathStyle: r.pathStyle,
      encrypted: r.encrypted,
      credentials: (await saved('credentials')) ? 'saved' : 'environment',
      passphraseSaved: await saved('passphrase'),
      addedAt: r.addedAt,
      seen: await this.seen(r),
      goproxy: goproxyUrl(r),
    };
  }

  async pushed(): Promise<PushedSnapshots[]> {
    const out: PushedSnapshots[] = [];
    for (const r of await this.d.registry.list())
      out.push({ remote: r.name, snapshots: (await this.seen(r))?.snapshots ?? [] });
    return out;
  }
}

/** ENDPOINT/BUCKET/PREFIX for path-style servers, BUCKET.HOST/PREFIX for virtual-hosted ones. */
export function goproxyUrl(
  r: Pick<RemoteRecord, 'endpoint' | 'bucket' | 'prefix' | 'pathStyle'>,
): string {
  const u = new URL(r.endpoint);
  const base = r.pathStyle ? `${u.origin}/${r.bucket}` : `${u.protocol}//${r.bucket}.${u.host}`;
  return r.prefix ? `${base}/${r.prefix}` : base;
}
