import { buffer } from 'node:stream/consumers';
import type { PublishResult } from '../../../shared/dto/remote';
import { EngineError } from '../errors';
import { escapePath, tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import { latestVersion, listedVersions, ProxyFiles } from '../restore/proxy-files';
import type { BackupStore } from '../store/backup-store';
import { BlobIndex } from '../store/blob-index';
import { BlobReader } from '../store/blob-reader';
import { ProxyLayout } from '../store/proxy-layout';
import type { CatalogVersion } from '../store/snapshot-catalog';
import { SnapshotCatalog } from '../store/snapshot-catalog';
import type { ObjectStore } from './object-store';
import type { RemoteAccess } from './remote-access';
import { goproxyUrl } from './remote-access';
import { REPO_DIR } from './remote-repo';

export interface PublishDeps {
  store: BackupStore;
  access: RemoteAccess;
  now: () => number;
}

const UPLOADS = 4;
const TYPES = {
  info: 'application/json',
  mod: 'text/plain; charset=utf-8',
  zip: 'application/zip',
};

/** "<esc path>/@v/<esc version>.zip" keys already in the bucket → module path → versions. */
function zipsIn(keys: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    const m = /^(.+)\/@v\/([^/]+)\.zip$/.exec(key);
    const mod = m && tryUnescapePath(m[1]!);
    const v = m && tryUnescapeVersion(m[2]!);
    if (!mod || !v) continue;
    out.set(mod, (out.get(mod) ?? new Set()).add(v));
  }
  return out;
}

/**
 * Writes a snapshot into a bucket in the GOPROXY layout, so `GOPROXY=<endpoint>/<bucket>/<prefix>`
 * serves it with no server of ours: .info, .mod and .zip of every version (a version's files
 * never change, so ones the bucket holds are kept), then each module's list and @latest over
 * every zip the bucket holds. Versions cached without a zip get .info and .mod only.
 */
export class ProxyPublisher {
  constructor(private readonly d: PublishDeps) {}

  async publish(
    req: { remote: string; snapshot: string },
    hooks: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void } = {},
  ): Promise<PublishResult> {
    const started = this.d.now();
    const progress = hooks.progress ?? (() => {});
    const db = await this.d.store.requireReader();
    const catalog = new SnapshotCatalog(db);
    const snap = catalog.get(req.snapshot);
    const files = new ProxyFiles(
      snap,
      catalog,
      new BlobReader(new BlobIndex(db), this.d.store.paths().packs),
    );
    if (files.modules.size === 0)
      throw new EngineError('NOT_FOUND', `Snapshot ${snap.id} holds no module versions.`, {
        fix: 'Pick another snapshot (modvault snapshots).',
      });
    const { record, objects } = await this.d.access.objects(req.remote);
    try {
      progress({ phase: 'listing the bucket' });
      const existing = new Set(
        (await objects.list('', hooks.signal))
          .map((o) => o.key)
          .filter((k) => !k.startsWith(`${REPO_DIR}/`)),
      );
      const versions = [...files.modules.values()].flat();
      const result: PublishResult = {
        remote: req.remote,
        snapshot: snap.id,
        goproxy: goproxyUrl(record),
        modules: files.modules.size,
        versions: versions.length,
        modOnly: versions.filter((v) => !ProxyFiles.hasZip(v)).length,
        objectsWritten: 0,
        objectsSkipped: 0,
        bytesUploaded: 0,
        durationMs: 0,
      };
      const put = async (key: string, body: Buffer, type: string) => {
        await objects.put(key, body, { contentType: type, signal: hooks.signal });
        result.objectsWritten++;
        result.bytesUploaded += body.length;
      };
      const bytesTotal = versions.reduce((n, v) => n + v.zipBytes, 0);
      let bytesDone = 0;
      let done = 0;
      progress({ phase: 'uploading', done, total: versions.length, bytesDone, bytesTotal });
      await mapLimit(
        versions,
        UPLOADS,
        async (v) => {
          for (const kind of ['mod', 'info', 'zip'] as const) {
            if (kind === 'zip' && !ProxyFiles.hasZip(v)) continue;
            const key = ProxyLayout.versionName(v, kind);
            if (existing.has(key)) {
              result.objectsSkipped++;
              continue;
            }
            const body =
              kind === 'zip'
                ? await buffer(files.zip(v).stream())
                : kind === 'mod'
                  ? files.mod(v)
                  : files.info(v);
            await put(key, body, TYPES[kind]);
            existing.add(key);
          }
          bytesDone += v.zipBytes;
          progress({ done: ++done, bytesDone, message: `${v.path}@${v.version}` });
        },
        hooks.signal,
      );
      progress({ phase: 'writing lists', message: null });
      const zips = zipsIn(existing);
      for (const [modulePath, own] of files.modules) {
        const all = [...(zips.get(modulePath) ?? [])];
        if (all.length === 0) continue;
        await put(
          ProxyLayout.listName(modulePath),
          Buffer.from(
            listedVersions(all)
              .map((v) => `${v}\n`)
              .join(''),
          ),
          TYPES.mod,
        );
        const latest = latestVersion(all)!;
        const info = await this.infoOf(latest, own, files, objects, hooks.signal);
        if (info) await put(`${escapePath(modulePath)}/@latest`, info, TYPES.info);
      }
      result.durationMs = this.d.now() - started;
      return result;
    } finally {
      objects.close();
    }
  }

  /** The .info of a version: from the snapshot, or as an earlier publish left it in the bucket. */
  private async infoOf(
    version: string,
    own: CatalogVersion[],
    files: ProxyFiles,
    objects: ObjectStore,
    signal?: AbortSignal,
  ): Promise<Buffer | null> {
    const v = own.find((x) => x.version === version);
    if (v) return files.info(v);
    return objects.get(ProxyLayout.versionName({ path: own[0]!.path, version }, 'info'), {
      signal,
    });
  }
}
