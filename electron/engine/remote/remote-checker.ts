import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteCheckResult } from '../../../shared/dto/remote';
import type { CheckProblem } from '../../../shared/dto/store';
import { toAppError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { PackFetcher } from './pack-fetcher';
import type { RemoteAccess } from './remote-access';
import { RemoteCatalog } from './remote-catalog';
import type { RemoteRepo } from './remote-repo';
import { PACKS, REPO_DIR } from './remote-repo';
import { RepoKeys } from './repo-crypto';
import { snapshotNeeds } from './snapshot-needs';

export interface RemoteCheckDeps {
  access: RemoteAccess;
  stagingRoot: string;
  now: () => number;
}

/**
 * Checks a remote like `check` checks a store: the credentials (can they read, can they
 * write), every index document and snapshot reference, that every pack they name is listed
 * with the right size, and with --read-data that a share of the packs reads back intact
 * (every blob's record header and hash). Packs no index describes are reported as harmless.
 */
export class RemoteChecker {
  constructor(private readonly d: RemoteCheckDeps) {}

  async check(
    req: { remote: string; readData: number; passphrase?: string },
    hooks: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void } = {},
  ): Promise<RemoteCheckResult> {
    const started = this.d.now();
    const progress = hooks.progress ?? (() => {});
    const { objects } = await this.d.access.objects(req.remote);
    const result: RemoteCheckResult = {
      remote: req.remote,
      label: objects.label,
      repository: false,
      encrypted: false,
      ok: true,
      snapshots: 0,
      indexes: 0,
      packs: 0,
      packBytes: 0,
      blobs: 0,
      readDataPercent: req.readData,
      packsRead: 0,
      bytesRead: 0,
      writable: null,
      problems: [],
      durationMs: 0,
    };
    try {
      progress({ phase: 'connecting' });
      await objects.list(`${REPO_DIR}/config`, hooks.signal);
      result.writable = await this.writable(objects, hooks.signal);
    } finally {
      objects.close();
    }
    const repo = await this.d.access.openRepo(req.remote, {
      create: false,
      passphrase: req.passphrase,
      signal: hooks.signal,
    });
    if (!repo) {
      result.durationMs = this.d.now() - started;
      return result;
    }
    const problem = (p: Omit<CheckProblem, 'severity'> & { severity?: CheckProblem['severity'] }) =>
      result.problems.push({ severity: 'error', ...p });
    try {
      result.repository = true;
      result.encrypted = repo.encrypted;
      progress({ phase: 'reading the index' });
      let cat: RemoteCatalog;
      try {
        cat = await RemoteCatalog.load(repo, hooks.signal);
      } catch (e) {
        if (toAppError(e).code !== 'CORRUPT') throw e;
        problem({
          kind: 'index-damaged',
          detail: toAppError(e).message,
          file: null,
          snapshots: [],
        });
        result.ok = false;
        return result;
      }
      result.indexes = cat.indexKeys.length;
      result.packs = cat.packs.size;
      result.blobs = cat.blobs.size;
      result.packBytes = [...cat.packObjects.values()].reduce((n, s) => n + s, 0);
      const users = new Map<string, string[]>();
      progress({ phase: 'reading snapshots' });
      for (const id of cat.snapshotIds) {
        let doc;
        try {
          doc = await cat.snapshot(id, hooks.signal);
        } catch (e) {
          if (toAppError(e).code !== 'CORRUPT') throw e;
          problem({
            kind: 'index-damaged',
            detail: toAppError(e).message,
            file: repo.snapshotKey(id),
            snapshots: [id],
          });
          continue;
        }
        if (!doc) continue;
        result.snapshots++;
        const needs = snapshotNeeds(doc, cat);
        for (const m of needs.missing.slice(0, 20))
          problem({
            kind: 'dangling-reference',
            detail: `snapshot ${id} needs ${m}, which no index holds`,
            file: repo.snapshotKey(id),
            snapshots: [id],
          });
        for (const sha of needs.blobs) {
          const pack = cat.blobs.get(sha)?.pack;
          if (!pack) continue;
          const list = users.get(pack) ?? [];
          if (list.at(-1) !== id) list.push(id);
          users.set(pack, list);
        }
      }
      for (const [pack, size] of cat.packs) {
        const key = repo.packKey(pack);
        const listed = cat.packObjects.get(key);
        const want = repo.keys ? RepoKeys.sealedSize(size) : size;
        if (listed === undefined)
          problem({
            kind: 'pack-missing',
            detail: `pack ${key} is described by an index but not on the remote`,
            file: key,
            snapshots: users.get(pack) ?? [],
          });
        else if (listed !== want)
          problem({
            kind: 'pack-size',
            detail: `pack ${key} holds ${listed} bytes, its index says ${want}`,
            file: key,
            snapshots: users.get(pack) ?? [],
          });
      }
      const described = new Set([...cat.packs.keys()].map((p) => repo.packKey(p)));
      for (const key of cat.packObjects.keys())
        if (key.startsWith(PACKS) && !described.has(key))
          problem({
            kind: 'orphan-pack',
            detail: `pack ${key} is described by no index (an interrupted push); a prune removes it`,
            file: key,
            snapshots: [],
            severity: 'info',
          });
      if (req.readData > 0) await this.readData(repo, cat, req.readData, users, result, hooks);
      result.ok = !result.problems.some((p) => p.severity === 'error');
      return result;
    } finally {
      repo.objects.close();
      result.durationMs = this.d.now() - started;
    }
  }

  private async writable(
    objects: Awaited<ReturnType<RemoteAccess['objects']>>['objects'],
    signal?: AbortSignal,
  ): Promise<boolean> {
    const key = `${REPO_DIR}/probe-${randomBytes(6).toString('hex')}`;
    try {
      await objects.put(key, Buffer.from('probe'), { signal });
    } catch (e) {
      if (toAppError(e).code === 'PERMISSION_DENIED') return false;
      throw e;
    }
    await objects.delete(key, signal).catch(() => {});
    return true;
  }

  private async readData(
    repo: RemoteRepo,
    cat: RemoteCatalog,
    percent: number,
    users: Map<string, string[]>,
    result: RemoteCheckResult,
    hooks: { signal?: AbortSignal; progress?: (p: ProgressUpdate) => void },
  ): Promise<void> {
    const packs = [...cat.packs.keys()].filter((p) => cat.packObjects.has(repo.packKey(p))).sort();
    const take = Math.ceil((packs.length * percent) / 100);
    const chosen = packs.filter(
      (_, i) =>
        Math.floor((i * take) / packs.length) !== Math.floor(((i + 1) * take) / packs.length) ||
        take >= packs.length,
    );
    const byPack = new Map<string, string[]>();
    for (const b of cat.blobs.values()) {
      const list = byPack.get(b.pack);
      if (list) list.push(b.sha256);
      else byPack.set(b.pack, [b.sha256]);
    }
    const dir = path.join(this.d.stagingRoot, `check-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      let i = 0;
      for (const pack of chosen) {
        hooks.signal?.throwIfAborted();
        hooks.progress?.({ phase: 'reading packs', done: i++, total: chosen.length });
        const fetcher = new PackFetcher(repo, cat, dir, null);
        try {
          await fetcher.fetch(byPack.get(pack) ?? [], { signal: hooks.signal });
        } catch (e) {
          const err = toAppError(e);
          if (err.code !== 'CORRUPT' && err.code !== 'NOT_FOUND') throw e;
          result.problems.push({
            kind: 'blob-data',
            detail: err.message,
            file: repo.packKey(pack),
            snapshots: users.get(pack) ?? [],
            severity: 'error',
          });
        }
        result.packsRead++;
        result.bytesRead += fetcher.stats.bytes;
        await rm(path.join(dir, pack), { force: true });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
