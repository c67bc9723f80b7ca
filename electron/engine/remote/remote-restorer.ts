import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteRestoreResult } from '../../../shared/dto/remote';
import type { RestorePlan } from '../../../shared/dto/restore';
import { EngineError } from '../errors';
import type { BackupStore } from '../store/backup-store';
import type { RestoreHooks, RestoreRequest, RestoreService } from '../restore/restore-service';
import { PackFetcher } from './pack-fetcher';
import type { RemoteAccess } from './remote-access';
import { RemoteCatalog, versionId } from './remote-catalog';
import type { SnapshotDoc } from './repo-format';
import { stageSnapshot } from './staging-index';
import type { StagedSnapshot } from './staging-index';

export interface RemoteRestoreDeps {
  access: RemoteAccess;
  /** Staging stores live here while a restore runs (removed after, and swept when stale). */
  stagingRoot: string;
  storeAt(dir: string): BackupStore;
  restoreWith(store: BackupStore): RestoreService;
  now: () => number;
}

export interface RemoteRestoreRequest extends RestoreRequest {
  remote: string;
  passphrase?: string;
}

/** A staging folder older than this belongs to a restore that was killed. */
const STALE_MS = 24 * 3_600_000;

/**
 * Restores from a remote on a machine that may have no store at all. The chosen snapshot is
 * staged as a small local store (its index rows, and sparse copies of only the pack ranges the
 * restore needs); the restore engine then plans, writes and verifies exactly as from a local
 * store. All data is fetched and checked before the first byte goes into the module cache, so
 * a server that dies midway leaves the cache as it was.
 */
export class RemoteRestorer {
  constructor(private readonly d: RemoteRestoreDeps) {}

  async plan(req: RemoteRestoreRequest, hooks: RestoreHooks = {}): Promise<RestorePlan> {
    return this.staged(req, hooks, async ({ service, request }) => service.plan(request, hooks));
  }

  async run(req: RemoteRestoreRequest, hooks: RestoreHooks = {}): Promise<RemoteRestoreResult> {
    return this.staged(req, hooks, async ({ service, request, staged, fetcher }) => {
      const plan = await service.plan(request, hooks);
      const need = new Set<string>();
      for (const v of plan.versions) {
        if (!v.parts.some((p) => p === 'zip' || p === 'tree')) continue;
        for (const f of staged.versions.get(versionId(v))?.files ?? []) need.add(f.sha256);
      }
      for (const f of staged.fileBlobs) if (f.area !== 'gocache' || req.gocache) need.add(f.sha256);
      await fetcher.fetch(need, { signal: hooks.signal, progress: hooks.progress });
      const result = await service.run(request, hooks);
      return { ...result, remote: req.remote, fetched: { ...fetcher.stats } };
    });
  }

  private async staged<T>(
    req: RemoteRestoreRequest,
    hooks: RestoreHooks,
    fn: (s: {
      service: RestoreService;
      request: RestoreRequest;
      staged: StagedSnapshot;
      fetcher: PackFetcher;
    }) => Promise<T>,
  ): Promise<T> {
    hooks.progress?.({ phase: 'reading the remote' });
    const repo = await this.d.access.repo(req.remote, {
      create: false,
      passphrase: req.passphrase,
      signal: hooks.signal,
    });
    await this.sweep();
    const dir = path.join(this.d.stagingRoot, `restore-${randomBytes(6).toString('hex')}`);
    let store: BackupStore | null = null;
    try {
      const cat = await RemoteCatalog.load(repo, hooks.signal);
      const doc = await this.resolve(cat, req.snapshot, hooks.signal);
      await this.d.access.noteSeen(req.remote, cat.snapshotIds);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      store = this.d.storeAt(dir);
      const staged = await store.write('remote restore', async (s) =>
        stageSnapshot(s.db, doc, cat, this.d.now()),
      );
      const fetcher = new PackFetcher(repo, cat, store.paths().packs, doc.snapshot.id);
      // The plan reads every .mod (against go.sum) and .info: small, fetched first.
      await fetcher.fetch(staged.metaBlobs, { signal: hooks.signal, progress: hooks.progress });
      const request: RestoreRequest = { ...req, snapshot: doc.snapshot.id };
      return await fn({ service: this.d.restoreWith(store), request, staged, fetcher });
    } finally {
      store?.close();
      repo.objects.close();
      // Never hides the error that ended the restore; a folder left behind is swept later.
      await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    }
  }

  private async resolve(
    cat: RemoteCatalog,
    ref: string,
    signal?: AbortSignal,
  ): Promise<SnapshotDoc> {
    let id: string;
    if (ref === 'latest') {
      const all = await cat.snapshots(signal);
      if (all.length === 0)
        throw new EngineError('NOT_FOUND', 'The remote holds no snapshots yet.', {
          fix: 'Push one first: modvault push --to NAME',
        });
      id = all.at(-1)!.snapshot.id;
    } else {
      const hits = cat.snapshotIds.filter((s) => s.startsWith(ref));
      if (hits.length === 0)
        throw new EngineError('NOT_FOUND', `The remote holds no snapshot ${ref}.`, {
          fix: 'List them with `modvault snapshots --from NAME`.',
        });
      if (hits.length > 1)
        throw new EngineError('INVALID_INPUT', `${ref} matches more than one remote snapshot.`, {
          fix: 'Give more characters of the id.',
        });
      id = hits[0]!;
    }
    const doc = await cat.snapshot(id, signal);
    if (!doc)
      throw new EngineError('NOT_FOUND', `Remote snapshot ${id} was removed meanwhile.`, {
        fix: 'List them again with `modvault snapshots --from NAME`.',
      });
    return doc;
  }

  /** Staging folders of restores that were killed. */
  private async sweep(): Promise<void> {
    const names = await readdir(this.d.stagingRoot).catch(() => [] as string[]);
    for (const n of names) {
      const p = path.join(this.d.stagingRoot, n);
      const st = await stat(p).catch(() => null);
      if (st && this.d.now() - st.mtimeMs > STALE_MS) await rm(p, { recursive: true, force: true });
    }
  }
}
