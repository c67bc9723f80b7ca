import type { RemoteForgetResult, RemotePruneResult } from '../../../shared/dto/remote';
import type { ForgetDecision, RetentionPolicy } from '../../../shared/dto/store';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { mapLimit } from '../platform/concurrency';
import { RECORD_HEADER_SIZE } from '../store/pack-format';
import { applyRetention, hasRules } from '../store/retention';
import type { RemoteAccess } from './remote-access';
import { RemoteCatalog } from './remote-catalog';
import { RemoteLocks } from './remote-lock';
import type { RemoteRepo } from './remote-repo';
import type { IndexDoc, SnapshotDoc, VersionEntry } from './repo-format';
import { BlobTable } from './repo-format';
import { snapshotNeeds } from './snapshot-needs';

export interface RemotePruneDeps {
  access: RemoteAccess;
  host: string;
  pid: number;
  now: () => number;
}

type Hooks = { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void };

const decision = (d: SnapshotDoc, reasons: string[]): ForgetDecision => ({
  id: d.snapshot.id,
  time: new Date(d.snapshot.time).toISOString(),
  host: d.snapshot.host,
  gomodcache: d.snapshot.gomodcache,
  reasons,
});

/**
 * Retention on a remote: `forget` deletes snapshot references (by id or by policy, per host and
 * module cache, like the local store); `prune`, holding the remote's prune lock, writes one
 * index of what the remaining snapshots need, then deletes the index documents it replaces
 * and the packs nothing needs. A pack still needed in part is kept whole.
 */
export class RemotePruner {
  constructor(private readonly d: RemotePruneDeps) {}

  async forget(
    req: {
      remote: string;
      snapshots: string[];
      policy: RetentionPolicy;
      force: boolean;
      dryRun: boolean;
      prune: boolean;
      passphrase?: string;
    },
    hooks: Hooks = {},
  ): Promise<RemoteForgetResult> {
    if (req.snapshots.length === 0 && !hasRules(req.policy))
      throw new EngineError(
        'INVALID_INPUT',
        'Nothing to forget: name snapshots or give at least one --keep-* option.',
        {
          fix: 'For example: modvault forget --remote NAME --keep-daily 7',
        },
      );
    const repo = await this.d.access.repo(req.remote, {
      create: false,
      passphrase: req.passphrase,
      signal: hooks.signal,
    });
    try {
      hooks.progress?.({ phase: 'reading the remote' });
      const cat = await RemoteCatalog.load(repo, hooks.signal);
      const all = await cat.snapshots(hooks.signal);
      const { keep, remove } = req.snapshots.length
        ? this.byId(all, req.snapshots)
        : this.byPolicy(all, req.policy);
      const newest = all.at(-1);
      if (newest && remove.includes(newest) && !req.force)
        throw new EngineError(
          'INVALID_INPUT',
          `${newest.snapshot.id} is the remote's latest snapshot: it is not removed without --force.`,
          {
            fix: 'Add --force if you really want to remove it.',
          },
        );
      const result: RemoteForgetResult = {
        remote: req.remote,
        dryRun: req.dryRun,
        keep,
        remove: remove.map((r) => decision(r, [])),
        prune: null,
      };
      if (req.dryRun) return result;
      for (const r of remove)
        await repo.objects.delete(repo.snapshotKey(r.snapshot.id), hooks.signal);
      await this.d.access.noteSeen(
        req.remote,
        cat.snapshotIds.filter((id) => !remove.some((r) => r.snapshot.id === id)),
      );
      if (req.prune) result.prune = await this.pruneRepo(repo, false, hooks);
      return result;
    } finally {
      repo.objects.close();
    }
  }

  async prune(
    req: { remote: string; dryRun: boolean; passphrase?: string },
    hooks: Hooks = {},
  ): Promise<RemotePruneResult> {
    const repo = await this.d.access.repo(req.remote, {
      create: false,
      passphrase: req.passphrase,
      signal: hooks.signal,
    });
    try {
      return await this.pruneRepo(repo, req.dryRun, hooks);
    } finally {
      repo.objects.close();
    }
  }

  private async pruneRepo(
    repo: RemoteRepo,
    dryRun: boolean,
    hooks: Hooks,
  ): Promise<RemotePruneResult> {
    const lock = dryRun
      ? null
      : await new RemoteLocks(repo.objects, this.d).acquire('prune', 'prune', hooks.signal);
    try {
      hooks.progress?.({ phase: 'marking' });
      // Read under the lock: no push can add what this would miss.
      const cat = await RemoteCatalog.load(repo, hooks.signal);
      const docs = await cat.snapshots(hooks.signal);
      const liveBlobs = new Set<string>();
      const liveVersions = new Set<string>();
      for (const d of docs) {
        const needs = snapshotNeeds(d, cat);
        needs.blobs.forEach((b) => liveBlobs.add(b));
        needs.versions.forEach((v) => liveVersions.add(v));
      }
      const usedBytes = new Map<string, number>();
      for (const sha of liveBlobs) {
        const b = cat.blobs.get(sha);
        if (b)
          usedBytes.set(b.pack, (usedBytes.get(b.pack) ?? 0) + b.storedSize + RECORD_HEADER_SIZE);
      }
      const liveKeys = new Set([...usedBytes.keys()].map((p) => repo.packKey(p)));
      const deadPacks = [...cat.packObjects.keys()].filter((key) => !liveKeys.has(key));
      const kept = [...usedBytes.keys()];
      const result: RemotePruneResult = {
        dryRun,
        packsDeleted: deadPacks.length,
        bytesFreed: deadPacks.reduce((n, k) => n + (cat.packObjects.get(k) ?? 0), 0),
        packsKept: kept.length,
        unusedBytesKept: kept.reduce(
          (n, p) => n + Math.max(0, (cat.packs.get(p) ?? 0) - (usedBytes.get(p) ?? 0)),
          0,
        ),
        indexesWritten: 0,
        indexesDeleted: 0,
      };
      if (dryRun || (deadPacks.length === 0 && cat.indexKeys.length <= 1)) return result;
      hooks.progress?.({ phase: 'writing the index' });
      const doc = this.indexOf(cat, liveBlobs, liveVersions);
      const written = await repo.putIndex(doc, hooks.signal);
      result.indexesWritten = 1;
      const old = cat.indexKeys.filter((k) => k !== written.key);
      hooks.progress?.({ phase: 'deleting', done: 0, total: old.length + deadPacks.length });
      await mapLimit(old, 8, (k) => repo.objects.delete(k, hooks.signal), hooks.signal);
      result.indexesDeleted = old.length;
      await mapLimit(deadPacks, 8, (k) => repo.objects.delete(k, hooks.signal), hooks.signal);
      return result;
    } finally {
      await lock?.release();
    }
  }

  /** One index describing the kept packs' live blobs and the live versions. */
  private indexOf(cat: RemoteCatalog, blobs: Set<string>, versions: Set<string>): IndexDoc {
    const table = new BlobTable();
    const packs = new Map<string, IndexDoc['packs'][number]>();
    const raws: [number, string][] = [];
    for (const sha of blobs) {
      const b = cat.blobs.get(sha);
      if (!b) continue;
      const p = packs.get(b.pack) ?? {
        sha256: b.pack,
        size: cat.packs.get(b.pack) ?? 0,
        blobs: [],
      };
      p.blobs.push([table.ref(sha), b.offset, b.storedSize, b.size, b.crc32, b.codec]);
      packs.set(b.pack, p);
      for (const raw of cat.raws.get(sha) ?? [])
        raws.push([table.ref(sha), Buffer.from(raw, 'hex').toString('base64')]);
    }
    const entries: VersionEntry[] = [];
    for (const id of versions) {
      const v = cat.versions.get(id);
      if (v)
        entries.push({ ...v, files: v.files.map((f) => [f.name, f.mode, table.ref(f.sha256)]) });
    }
    return {
      format: 'modvault-remote-index',
      version: 1,
      created: new Date(this.d.now()).toISOString(),
      host: this.d.host,
      packs: [...packs.values()],
      raws,
      versions: entries,
      blobs: table.encode(),
    };
  }

  private byId(all: SnapshotDoc[], refs: string[]) {
    const remove = new Set<SnapshotDoc>();
    for (const ref of refs) {
      const hits = all.filter((d) => d.snapshot.id.startsWith(ref));
      if (hits.length !== 1)
        throw new EngineError(
          hits.length ? 'INVALID_INPUT' : 'NOT_FOUND',
          hits.length
            ? `${ref} matches more than one remote snapshot.`
            : `The remote holds no snapshot ${ref}.`,
          {
            fix: 'List them with `modvault snapshots --from NAME`.',
          },
        );
      remove.add(hits[0]!);
    }
    return {
      keep: all
        .filter((d) => !remove.has(d))
        .reverse()
        .map((d) => decision(d, ['not named'])),
      remove: [...remove],
    };
  }

  private byPolicy(all: SnapshotDoc[], policy: RetentionPolicy) {
    const groups = new Map<string, SnapshotDoc[]>();
    for (const d of all) {
      const key = `${d.snapshot.host}\0${d.snapshot.gomodcache}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    const keep: ForgetDecision[] = [];
    const remove: SnapshotDoc[] = [];
    for (const group of groups.values()) {
      const r = applyRetention(
        group.map((d) => ({ id: d.snapshot.id, time: d.snapshot.time, d })),
        policy,
      );
      keep.push(...r.keep.map((k) => decision(k.snapshot.d, k.reasons)));
      remove.push(...r.remove.map((x) => x.d));
    }
    return { keep, remove };
  }
}
