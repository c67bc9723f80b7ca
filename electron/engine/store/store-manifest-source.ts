import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoreManifestSource } from '../remote/store-manifests';
import type { BackupStore } from './backup-store';

/**
 * The store's manifest files of one snapshot (`snapshots/<id>-<hash>.json`), for push to upload
 * beside the remote's own index. A snapshot taken before manifests existed simply has none.
 */
export class StoreManifestFiles implements StoreManifestSource {
  constructor(private readonly store: BackupStore) {}

  async manifests(snapshotId: string): Promise<{ name: string; bytes: Buffer }[]> {
    const dir = this.store.paths().snapshots;
    const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    const mine = names.filter((n) => n.startsWith(`${snapshotId}-`) && n.endsWith('.json'));
    return Promise.all(
      mine.map(async (name) => ({ name, bytes: await readFile(path.join(dir, name)) })),
    );
  }
}
