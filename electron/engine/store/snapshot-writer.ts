import type { SnapshotProblem, SnapshotResult } from '../../../shared/dto/store';
import { CacheLayout } from '../gomod/layout';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { Clock } from '../platform/clock';
import { AllocationBudget } from '../workers/allocation-budget';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import type { BackupStore, WriteSession } from './backup-store';
import { BlobIndex } from './blob-index';
import { BlobSink } from './blob-sink';
import type { CacheLister, FileArea, ListedFile } from './cache-lister';
import { relistVersion } from './cache-lister';
import type { FaultPoints } from './fault-points';
import { FileIngest } from './file-ingest';
import type { StoredFile } from './file-ingest';
import type { Db } from './migrations';
import { SnapshotRecorder } from './snapshot-recorder';
import { IngestProblem, VersionIngest } from './version-ingest';
import { ModuleStreams } from './module-streams';
import type { VersionPlan } from './version-plan';
import {
  interleaveByModule,
  modPaths,
  planChanges,
  planVersion,
  storeSmallFile,
} from './version-plan';
import { VersionStore } from './version-store';

export interface BuildCacheSource {
  dir: string;
  goVersion: string;
  goos: string;
  goarch: string;
}

export interface SnapshotOptions {
  gomodcache: string;
  /** GOPATH[0]/pkg/sumdb, when known. */
  sumdbDir: string | null;
  gocache: BuildCacheSource | null;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

export interface SnapshotWriterDeps {
  store: BackupStore;
  pool: WorkerPool;
  lister: CacheLister;
  clock: Clock;
  host: string;
  faults: FaultPoints;
}

/**
 * Takes a snapshot: lists the caches (stat calls only), reads what changed, and commits in the
 * crash-safe order — pack data fsynced, then blob and version rows (per pack), then the
 * snapshot row last. A version damaged in the cache keeps its last good copy in the snapshot.
 */
export class SnapshotWriter {
  constructor(private readonly d: SnapshotWriterDeps) {}

  run(opts: SnapshotOptions): Promise<SnapshotResult> {
    return this.d.store.write('snapshot', (s) => this.snapshot(s, opts));
  }

  private async snapshot(s: WriteSession, opts: SnapshotOptions): Promise<SnapshotResult> {
    const { db, paths } = s;
    const started = this.d.clock.now();
    const progress = opts.progress ?? (() => {});
    const layout = new CacheLayout(opts.gomodcache);
    const root = layout.root;
    progress({ phase: 'listing' });
    const listing = this.d.lister.listModuleCache(root);
    const problems: SnapshotProblem[] = [...listing.problems];
    const versions = new VersionStore(db);
    const sink = new BlobSink({
      db,
      index: new BlobIndex(db),
      packsDir: paths.packs,
      packTargetBytes: this.d.store.deps.packTargetBytes,
      faults: this.d.faults,
      now: () => this.d.clock.now(),
    });
    try {
      const plans = listing.versions.map((v) => planVersion(v, root, versions));
      for (const p of plans) this.planSmallFiles(p, layout, sink, problems);
      for (const p of plans)
        if (p.read === null || p.read === 'none') this.settle(p, sink, root, versions);

      const toRead = interleaveByModule(plans.filter((p) => p.read === 'zip' || p.read === 'tree'));
      const bytesTotal = toRead.reduce((n, p) => n + (p.v.zip?.size ?? 0), 0);
      let done = 0;
      let bytesDone = 0;
      progress({ phase: 'reading', done, total: toRead.length, bytesDone, bytesTotal });
      const streams = new ModuleStreams(db);
      const ingest = new VersionIngest(this.d.pool, sink, streams, layout, paths.tmp, opts.signal);
      const garbage = new AllocationBudget(32 * 1024 * 1024);
      await mapLimit(
        toRead,
        this.d.pool.size * 2,
        async (p) => {
          await this.ingest(p, ingest, root, problems);
          this.settle(p, sink, root, versions);
          // Buffers received from workers are garbage now: collect them promptly.
          garbage.add(p.v.zip?.size ?? 0);
          bytesDone += p.v.zip?.size ?? 0;
          progress({ done: ++done, bytesDone, message: `${p.v.path}@${p.v.version}` });
        },
        opts.signal,
      );

      progress({
        phase: 'files',
        done: 0,
        total: null,
        bytesDone: 0,
        bytesTotal: null,
        message: null,
      });
      const files = await this.files(
        db,
        sink,
        paths.tmp,
        root,
        listing.files,
        opts,
        problems,
        (n, b) => progress({ done: n, bytesDone: b }),
      );
      progress({ phase: 'committing', message: null });
      await sink.finish();
      this.d.faults.hit('snapshot-committing');
      const result = this.record(db, sink, plans, files.stored, opts, {
        started,
        problems,
        bytesAdded: sink.bytesAdded,
        reread: toRead.length,
      });
      this.d.faults.hit('snapshot-committed');
      return { ...result, storeBytes: this.d.store.storeBytes(db) };
    } catch (e) {
      await sink.abort();
      throw e;
    }
  }

  private planSmallFiles(
    p: VersionPlan,
    layout: CacheLayout,
    sink: BlobSink,
    problems: SnapshotProblem[],
  ) {
    const { v, src } = p;
    const files = modPaths(layout, v);
    const report = (x: Pick<SnapshotProblem, 'kind' | 'detail' | 'file'>) =>
      problems.push({ path: v.path, version: v.version, keptFrom: null, ...x });
    p.mod = storeSmallFile(
      v.mod,
      files.mod,
      src ? { sig: src.mod_sig, blob: src.mod_blob } : null,
      sink,
      report,
    );
    p.info = storeSmallFile(
      v.info,
      files.info,
      src ? { sig: src.info_sig, blob: src.info_blob } : null,
      sink,
      report,
      v.version,
    );
    if (!v.mod && (v.zip || v.treeDir))
      report({
        kind: 'mod-missing',
        detail: 'missing .mod (Go needs it, even with the zip)',
        file: files.mod,
      });
  }

  private async ingest(
    p: VersionPlan,
    ingest: VersionIngest,
    root: string,
    problems: SnapshotProblem[],
  ) {
    for (let attempt = 0; ; attempt++) {
      try {
        p.ingested = p.read === 'zip' ? await ingest.fromZip(p.v) : await ingest.fromTree(p.v);
        if (!p.ingested.verified)
          problems.push({
            path: p.v.path,
            version: p.v.version,
            kind: 'unverified',
            detail: `no well-formed .ziphash to check the ${p.read} against: stored with its computed hash ${p.ingested.h1}`,
            file: null,
            keptFrom: null,
          });
        return;
      } catch (e) {
        if (!(e instanceof IngestProblem)) throw e;
        // A file replaced while it was read is read once more, then reported.
        if (e.kind === 'changed' && attempt === 0) {
          p.v = relistVersion(root, p.v);
          continue;
        }
        p.problem = {
          path: p.v.path,
          version: p.v.version,
          kind: e.kind,
          detail: e.message,
          file: e.file,
          keptFrom: null,
        };
        problems.push(p.problem);
        return;
      }
    }
  }

  /** Defers the rows recording a planned version until the blobs they need are durable. */
  private settle(p: VersionPlan, sink: BlobSink, root: string, versions: VersionStore): void {
    if (p.read === 'none')
      p.ingested = {
        path: p.v.path,
        version: p.v.version,
        h1: '',
        source: 'none',
        verified: false,
        contentBytes: 0,
        zipBytes: 0,
        files: [],
        needsPack: 0,
      };
    if (p.problem) {
      // Keep the last good copy of a version the cache now holds damaged or unreadable.
      if (p.src) {
        p.versionId = p.src.version_id;
        p.problem.keptFrom =
          versions.lastSnapshotWith(p.src.version_id) ?? 'an interrupted snapshot';
      }
      return;
    }
    if (!planChanges(p) && !p.ingested) return;
    sink.defer({
      needsPack: Math.max(p.ingested?.needsPack ?? 0, p.mod.seq, p.info.seq),
      commit: () => {
        if (p.ingested) {
          const r = versions.insert(p.ingested, this.d.clock.now(), (sha) => sink.blobId(sha));
          p.versionId = r.id;
          p.created = r.created;
          p.ingested = null; // its file list can go: the rows hold it now
        }
        versions.setSource(root, p.v.path, p.v.version, {
          content_sig: p.contentSig,
          version_id: p.versionId!,
          mod_sig: p.mod.sig,
          mod_blob: p.mod.id ?? (p.mod.sha256 ? sink.blobId(p.mod.sha256)! : null),
          info_sig: p.info.sig,
          info_blob: p.info.id ?? (p.info.sha256 ? sink.blobId(p.info.sha256)! : null),
        });
      },
    });
  }

  private async files(
    db: Db,
    sink: BlobSink,
    tmpDir: string,
    root: string,
    modcacheFiles: ListedFile[],
    opts: SnapshotOptions,
    problems: SnapshotProblem[],
    onRead: (files: number, bytes: number) => void,
  ): Promise<{ stored: StoredFile[] }> {
    const files = [...modcacheFiles];
    const roots: Record<FileArea, string> = {
      modcache: root,
      sumdb: opts.sumdbDir ?? '',
      gocache: opts.gocache?.dir ?? '',
    };
    if (opts.sumdbDir) {
      const sumdb = this.d.lister.listArea('sumdb', opts.sumdbDir);
      files.push(...sumdb.files);
      problems.push(...sumdb.problems);
    }
    if (opts.gocache) {
      // trim.txt must not travel: restored, it would make Go trim what was just restored.
      const gc = this.d.lister.listArea('gocache', opts.gocache.dir, (rel) => rel === 'trim.txt');
      files.push(...gc.files);
      problems.push(...gc.problems);
    }
    let n = 0;
    let bytes = 0;
    const res = await new FileIngest(db, this.d.pool, sink, tmpDir, opts.signal).run(
      files,
      roots,
      (f, b) => onRead((n += f), (bytes += b)),
    );
    problems.push(...res.problems);
    return { stored: res.stored };
  }

  private record(
    db: Db,
    sink: BlobSink,
    plans: VersionPlan[],
    files: StoredFile[],
    opts: SnapshotOptions,
    meta: { started: number; problems: SnapshotProblem[]; bytesAdded: number; reread: number },
  ): Omit<SnapshotResult, 'storeBytes'> {
    const recorder = new SnapshotRecorder(db);
    const blob = (id: number | null, sha: string | null) => id ?? (sha ? sink.blobId(sha)! : null);
    const inSnapshot = plans.filter((p) => p.versionId !== null);
    const fileItems = files.map((f) => ({
      area: f.area,
      path: f.path,
      blobId: blob(f.blobId, f.sha256)!,
      mode: f.mode,
      size: f.size,
    }));
    const gocacheFiles = files.filter((f) => f.area === 'gocache');
    const buildCache = opts.gocache
      ? {
          ...opts.gocache,
          files: gocacheFiles.length,
          bytes: gocacheFiles.reduce((n, f) => n + f.size, 0),
        }
      : null;
    const now = this.d.clock.now();
    const newVersions = inSnapshot.filter((p) => p.created).length;
    const { id, versionSet, fileSet } = db.transaction(() => {
      const versionSet = recorder.versionSet(
        inSnapshot.map((p) => ({
          versionId: p.versionId!,
          modBlob: blob(p.mod.id, p.mod.sha256),
          infoBlob: blob(p.info.id, p.info.sha256),
        })),
      );
      const fileSet = recorder.fileSet(fileItems);
      const id = recorder.insert(
        {
          kind: 'snapshot',
          time: now,
          host: this.d.host,
          gomodcache: opts.gomodcache,
          gocache: buildCache,
          newVersions,
          bytesAdded: meta.bytesAdded,
          durationMs: now - meta.started,
          problems: meta.problems,
        },
        versionSet,
        fileSet,
      );
      return { id, versionSet, fileSet };
    })();
    return {
      id,
      time: new Date(now).toISOString(),
      versions: versionSet.count,
      newVersions,
      bytesAdded: meta.bytesAdded,
      problems: meta.problems,
      files: fileSet.count,
      bytes: versionSet.bytes + fileSet.bytes,
      reread: meta.reread,
      durationMs: now - meta.started,
      gomodcache: opts.gomodcache,
      buildCache: buildCache
        ? {
            gocache: buildCache.dir,
            goVersion: buildCache.goVersion,
            goos: buildCache.goos,
            goarch: buildCache.goarch,
            files: buildCache.files,
            bytes: buildCache.bytes,
          }
        : null,
    };
  }
}
