import type { PushResult } from '../../../shared/dto/remote';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { BackupStore } from '../store/backup-store';
import { encodeContent } from '../store/blob-encoding';
import { BlobIndex } from '../store/blob-index';
import type { BlobLocation } from '../store/blob-index';
import { BlobReader } from '../store/blob-reader';
import { Codec } from '../store/pack-format';
import type { SnapshotRecord } from '../store/snapshot-catalog';
import { PackBuilder } from './pack-builder';
import type { BuiltPack } from './pack-builder';
import type { RemoteAccess } from './remote-access';
import { RemoteCatalog, versionId } from './remote-catalog';
import { RemoteLocks } from './remote-lock';
import type { RemoteRepo } from './remote-repo';
import { MANIFESTS } from './remote-repo';
import { LocalSnapshots } from './local-snapshots';
import type { IndexDoc, SnapshotDoc, VersionEntry } from './repo-format';
import { BlobTable } from './repo-format';
import type { StoreManifestSource } from './store-manifests';

export interface PushDeps {
  store: BackupStore;
  access: RemoteAccess;
  manifests: StoreManifestSource;
  host: string;
  pid: number;
  now: () => number;
  /** Remote packs are sealed once they reach this size. */
  packTargetBytes: number;
}

export interface PushRequest {
  remote: string;
  /** Snapshot refs; empty: every local snapshot the remote lacks. */
  snapshots: string[];
  passphrase?: string;
}

export interface PushHooks {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  output?: (line: string) => void;
}

/** Packs uploaded at once while the next one is built. */
const UPLOADS = 3;

/**
 * Uploads what a remote lacks for some snapshots, in an order that keeps the remote
 * consistent at every moment: packs of the missing blobs first (named by their content, so an
 * interrupted push that is run again finds the ones it finished and skips them), then one
 * index document describing them and the versions new to the remote, then the store's own
 * manifests, and last each snapshot's reference. Nothing is ever rewritten.
 */
export class RemotePusher {
  constructor(private readonly d: PushDeps) {}

  async push(req: PushRequest, hooks: PushHooks = {}): Promise<PushResult> {
    const started = this.d.now();
    const progress = hooks.progress ?? (() => {});
    const db = await this.d.store.requireReader();
    const local = new LocalSnapshots(db);
    const chosen = req.snapshots.length
      ? [...new Map(req.snapshots.map((r) => local.catalog.get(r)).map((s) => [s.id, s])).values()]
      : local.catalog.list();
    if (chosen.length === 0)
      throw new EngineError('NOT_FOUND', 'The store has no snapshots to push.', {
        fix: 'Take one first: modvault snapshot',
      });
    progress({ phase: 'reading the remote' });
    const repo = await this.d.access.repo(req.remote, {
      create: true,
      passphrase: req.passphrase,
      signal: hooks.signal,
    });
    try {
      const lock = await new RemoteLocks(repo.objects, this.d).acquire(
        'push',
        'push',
        hooks.signal,
      );
      try {
        return await this.run(repo, local, chosen, req.remote, started, hooks);
      } finally {
        await lock.release();
      }
    } finally {
      repo.objects.close();
    }
  }

  private async run(
    repo: RemoteRepo,
    local: LocalSnapshots,
    chosen: SnapshotRecord[],
    remote: string,
    started: number,
    hooks: PushHooks,
  ): Promise<PushResult> {
    const progress = hooks.progress ?? (() => {});
    const remoteState = await RemoteCatalog.load(repo, hooks.signal);
    const there = new Set(remoteState.snapshotIds);
    const todo = chosen.filter((s) => !there.has(s.id));
    const result: PushResult = {
      remote,
      pushed: [],
      alreadyThere: chosen.filter((s) => there.has(s.id)).map((s) => s.id),
      blobsUploaded: 0,
      blobsShared: 0,
      packsUploaded: 0,
      packsResumed: 0,
      bytesUploaded: 0,
      durationMs: 0,
    };
    if (todo.length === 0) {
      await this.d.access.noteSeen(remote, remoteState.snapshotIds);
      result.durationMs = this.d.now() - started;
      return result;
    }

    // What the snapshots need that the remote lacks: blobs (by local id) and versions.
    const missing = new Map<number, string>();
    const shared = new Set<string>();
    const newVersions = new Map<string, { v: ReturnType<LocalSnapshots['versions']>[number] }>();
    const need = (id: number, sha256: string) => {
      if (remoteState.hasBlob(sha256)) shared.add(sha256);
      else missing.set(id, sha256);
    };
    for (const s of todo) {
      for (const b of local.ownBlobs(s)) need(b.id, b.sha256);
      for (const v of local.versions(s)) {
        const key = versionId(v);
        if (remoteState.versions.has(key) || newVersions.has(key)) continue;
        newVersions.set(key, { v });
        for (const f of local.versionFiles(v.versionId)) need(f.id, f.sha256);
      }
    }
    result.blobsShared = shared.size;

    const packs = await this.uploadPacks(repo, remoteState, [...missing.keys()], result, hooks);
    hooks.signal?.throwIfAborted();

    progress({ phase: 'writing the index', message: null });
    const index = this.indexDoc(local, packs, newVersions, missing);
    if (index) result.bytesUploaded += (await repo.putIndex(index, hooks.signal)).bytes;

    progress({ phase: 'writing snapshot references' });
    for (const s of todo) {
      for (const m of await this.d.manifests.manifests(s.id)) {
        const key = `${MANIFESTS}${s.id}/${m.name}`;
        const body = repo.seal(key, m.bytes);
        await repo.objects.put(key, body, { signal: hooks.signal });
        result.bytesUploaded += body.length;
      }
      result.bytesUploaded += await repo.putDoc(
        repo.snapshotKey(s.id),
        this.snapshotDoc(local, s),
        hooks.signal,
      );
      result.pushed.push(s.id);
      hooks.output?.(`Pushed snapshot ${s.id}.`);
    }
    await this.d.access.noteSeen(remote, [...remoteState.snapshotIds, ...result.pushed]);
    result.durationMs = this.d.now() - started;
    return result;
  }

  /** Packs the missing blobs (in local id order, so a rerun builds the same packs) and uploads them. */
  private async uploadPacks(
    repo: RemoteRepo,
    remoteState: RemoteCatalog,
    ids: number[],
    result: PushResult,
    hooks: PushHooks,
  ): Promise<BuiltPack[]> {
    const progress = hooks.progress ?? (() => {});
    const db = await this.d.store.requireReader();
    const reader = new BlobReader(new BlobIndex(db), this.d.store.paths().packs);
    ids.sort((a, b) => a - b);
    const locs = ids.map((id) => reader.location(id));
    const bytesTotal = locs.reduce((n, l) => n + PackBuilder.recordSize(l.storedSize), 0);
    let bytesDone = 0;
    progress({ phase: 'uploading', done: 0, total: ids.length, bytesDone, bytesTotal });
    const builder = new PackBuilder(this.d.packTargetBytes);
    const built: BuiltPack[] = [];
    const inflight = new Set<Promise<void>>();
    let failure: unknown = null;
    let blobsDone = 0;
    const upload = (pack: BuiltPack) => {
      built.push(pack);
      const key = repo.packKey(pack.sha256);
      const p = (async () => {
        if (remoteState.packObjects.has(key)) result.packsResumed++;
        else {
          const body = repo.seal(key, pack.bytes);
          await repo.objects.put(key, body, { signal: hooks.signal });
          result.packsUploaded++;
          result.bytesUploaded += body.length;
        }
        result.blobsUploaded += pack.blobs.length;
        blobsDone += pack.blobs.length;
        bytesDone += pack.bytes.length;
        progress({ done: blobsDone, bytesDone, message: `pack ${pack.sha256.slice(0, 12)}` });
        pack.release();
      })();
      const tracked = p
        .catch((e: unknown) => void (failure ??= e))
        .finally(() => inflight.delete(tracked));
      inflight.add(tracked);
    };
    for (const loc of locs) {
      if (failure) break;
      hooks.signal?.throwIfAborted();
      const sealed = builder.add(...remoteBlob(reader, loc));
      if (sealed) upload(sealed);
      while (inflight.size >= UPLOADS) await Promise.race(inflight);
    }
    const last = failure ? null : builder.finish();
    if (last) upload(last);
    await Promise.all(inflight);
    if (failure) throw failure;
    return built;
  }

  private indexDoc(
    local: LocalSnapshots,
    packs: BuiltPack[],
    versions: Map<string, { v: ReturnType<LocalSnapshots['versions']>[number] }>,
    missing: Map<number, string>,
  ): IndexDoc | null {
    if (packs.length === 0 && versions.size === 0) return null;
    const table = new BlobTable();
    const raws: [number, string][] = [];
    for (const [id, list] of local.raws([...missing.keys()]))
      for (const raw of list)
        raws.push([table.ref(missing.get(id)!), Buffer.from(raw, 'hex').toString('base64')]);
    const entries: VersionEntry[] = [...versions.values()].map(({ v }) => ({
      path: v.path,
      version: v.version,
      h1: v.h1,
      source: v.source,
      verified: v.verified,
      contentBytes: v.contentBytes,
      zipBytes: v.zipBytes,
      files: local.versionFiles(v.versionId).map((f) => [f.name, f.mode, table.ref(f.sha256)]),
    }));
    return {
      format: 'modvault-remote-index',
      version: 1,
      created: new Date(this.d.now()).toISOString(),
      host: this.d.host,
      packs: packs.map((p) => ({
        sha256: p.sha256,
        size: p.size,
        blobs: p.blobs.map((b) => [
          table.ref(b.sha256),
          b.offset,
          b.storedSize,
          b.size,
          b.crc32,
          b.codec,
        ]),
      })),
      raws,
      versions: entries,
      blobs: table.encode(),
    };
  }

  private snapshotDoc(local: LocalSnapshots, s: SnapshotRecord): SnapshotDoc {
    const table = new BlobTable();
    const versions = local.versions(s);
    const sha = local.shaOf(versions.flatMap((v) => [v.modBlob, v.infoBlob]));
    const ref = (id: number | null) => (id === null ? -1 : table.ref(sha.get(id)!));
    const rows: SnapshotDoc['versions'] = versions.map((v) => [
      v.path,
      v.version,
      v.h1,
      ref(v.modBlob),
      ref(v.infoBlob),
    ]);
    const files: SnapshotDoc['files'] = local
      .files(s)
      .map((f) => [f.area, f.path, table.ref(f.sha256), f.mode]);
    const { versionSetId: _v, fileSetId: _f, seq: _s, ...meta } = s;
    return {
      format: 'modvault-remote-snapshot',
      version: 1,
      snapshot: meta,
      pushedAt: new Date(this.d.now()).toISOString(),
      pushedFrom: this.d.host,
      versions: rows,
      files,
      blobs: table.encode(),
    };
  }
}

/**
 * A blob as a remote holds it. A delta is stored whole there (re-encoded from its checked
 * content): a restore or check of the remote then never needs a base from another pack.
 */
function remoteBlob(reader: BlobReader, loc: BlobLocation): [BlobLocation, Buffer] {
  if (loc.codec !== Codec.DeflateDict) return [loc, reader.stored(loc.id).bytes];
  const { meta, stored } = encodeContent(reader.content(loc.id));
  return [{ ...loc, codec: meta.codec, storedSize: meta.storedSize }, stored];
}
