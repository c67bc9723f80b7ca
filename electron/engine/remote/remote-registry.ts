import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { writeFileAtomic } from '../platform/atomic-file';

/** A remote as this machine knows it (remotes.json in the config folder; never a secret). */
export interface RemoteRecord {
  name: string;
  bucket: string;
  prefix: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  encrypted: boolean;
  addedAt: string;
}

interface RemotesFile {
  version: 1;
  remotes: RemoteRecord[];
}

/** The remotes of this user: added, listed and removed by `modvault remote` and Settings. */
export class RemoteRegistry {
  constructor(private readonly file: string) {}

  async list(): Promise<RemoteRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const f = JSON.parse(text) as RemotesFile;
      return Array.isArray(f.remotes) ? f.remotes : [];
    } catch {
      throw new EngineError('CORRUPT', `The remotes file ${this.file} is not valid JSON.`, {
        path: this.file,
        fix: 'Fix or delete the file, then add the remotes again (modvault remote add).',
      });
    }
  }

  async get(name: string): Promise<RemoteRecord> {
    const r = (await this.list()).find((x) => x.name === name);
    if (!r)
      throw new EngineError('NOT_FOUND', `There is no remote named "${name}".`, {
        fix: 'List them with `modvault remote list`, or add one with `modvault remote add NAME s3://BUCKET/PREFIX --endpoint URL`.',
      });
    return r;
  }

  async add(r: RemoteRecord): Promise<void> {
    const all = await this.list();
    if (all.some((x) => x.name === r.name))
      throw new EngineError('INVALID_INPUT', `A remote named "${r.name}" exists already.`, {
        fix: 'Pick another name, or remove it first (modvault remote remove NAME).',
      });
    await this.save([...all, r]);
  }

  async remove(name: string): Promise<void> {
    const all = await this.list();
    await this.get(name);
    await this.save(all.filter((x) => x.name !== name));
  }

  private async save(remotes: RemoteRecord[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const f: RemotesFile = { version: 1, remotes };
    await writeFileAtomic(this.file, JSON.stringify(f, null, 2) + '\n', 0o600);
  }
}
