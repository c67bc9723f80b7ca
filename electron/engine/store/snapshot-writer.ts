import type { SnapshotProblem, SnapshotResult } from '../../../shared/dto/store';
import type { ProgressUpdate } from '../jobs/job-runner';
import { TOOLCHAIN_MODULE } from '../gomod/layout';
import type { Clock } from '../platform/clock';
import { mapLimit } from '../platform/concurrency';
import type { WorkerPool } from '../platform/worker-pool';
import { AllocationBudget } from '../workers/allocation-budget';
import type { BackupStore, WriteSession } from './backup-store';
import { BlobSink } from './blob-sink';
import { DeltaBaseFinder } from './delta-bases';
import type { CacheLister, FileArea, ListedFile } from './cache-lister';
import type { FaultPoints } from './fault-points';
import { FileIngest } from './file-ingest';
import type { StoredFile } from './file-ingest';
import { ModuleStreams } from './module-streams';
import type { BuildCacheSource } from './snapshot-recorder';
import type { SnapshotContents } from './snapshot-recorder';
import { SnapshotRecorder } from './snapshot-recorder';
import { commitSnapshot, describeRecorded } from './snapshot-commit';
import { healedBy, markUnreachable } from './blob-damage';
import type { SnapshotSource } from './snapshot-source';
import { IngestProblem, VersionIngest } from './version-ingest';
import type { VersionPlan } from './version-plan';
import { interleaveByModule, planChanges, planVersion, storeSmallFile } from './version-plan';
import { VersionStore } from './version-store';
import { Yielder } from '../platform/yielder';

export interface SnapshotOptions {
  source: SnapshotSource;
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

interface Session {
  s: WriteSession;
  opts: SnapshotOptions;
  sink: BlobSink;
  versions: VersionStore;
  problems: SnapshotProblem[];
}

/**
 * Takes a snapshot: lists the source (stat calls only), reads what changed, and commits in the
 * crash-safe order — pack data fsynced, then blob and version rows (per pack), then the
 * snapshot row last. A version damaged in the cache keeps its last good copy in the snapshot.
 */
export class SnapshotWriter {
  constructor(private readonly d: SnapshotWriterDeps) {}

  async run(opts: SnapshotOptions): Promise<SnapshotResult> {
    let db: WriteSession['db'] | null = null;
    const result = await this.d.store.write(
      opts.source.kind,
      (s) => ((db = s.db), this.write(s, opts)),
      (r) => r.newVersions > 0 || r.bytesAdded > 0 || (r.healed ?? 0) > 0,
    );
    // Measured once the session has settled (index copied, log folded in), as `snapshots` does.
    return { ...result, storeBytes: this.d.store.storeBytes(db!) };
  }

  /** The snapshot itself, for a caller that already holds the store lock. */
  async write(s: WriteSession, opts: SnapshotOptions): Promise<SnapshotResult> {
    const started = this.d.clock.now();
    const progress = opts.progress ?? (() => {});
    progress({ phase: 'listing' });
    const listing = await opts.source.list(opts.signal);
    // A pack that vanished or was cut short since it was written: its blobs are stored again.
    markUnreachable(s.db, s.paths.packs, () => this.d.clock.now());
    const sink = BlobSink.forSession(s, {
      packTargetBytes: this.d.store.deps.packTargetBytes,
      faults: this.d.faults,
      now: () => this.d.clock.now(),
    });
    const x: Session = {
      s,
      opts,
      sink,
      versions: new VersionStore(s.db),
      problems: [...listing.problems],
    };
    try {
      const root = opts.source.signatureRoot;
      // Thousands of versions planned from SQLite and small files read: in slices, so the
      // engine's event loop (and every front end waiting on it) gets a turn.
      const yielder = new Yielder(opts.signal);
      const plans: VersionPlan[] = [];
      for (const v of listing.versions) {
        plans.push(planVersion(v, root, x.versions));
        await yielder.maybeYield();
      }
      for (const p of plans) {
        this.planSmallFiles(x, p);
        await yielder.maybeYield();
      }
      for (const p of plans) {
        if (p.read === null || p.read === 'none') this.settle(x, p);
        await yielder.maybeYield();
      }
      const toRead = interleaveByModule(plans.filter((p) => p.read === 'zip' || p.read === 'tree'));
      await this.readVersions(x, toRead, progress);
      progress({
        phase: 'files',
        done: 0,
        total: null,
        bytesDone: 0,
        bytesTotal: null,
        message: null,
      });
      const files = await this.files(x, listing.files, (done, bytesDone) =>
        progress({ done, bytesDone }),
      );
      progress({ phase: 'committing', message: null });
      await sink.finish();
      const contents: SnapshotContents = {
        kind: opts.source.kind,
        time: this.d.clock.now(),
        started,
        host: this.d.host,
        gomodcache: opts.source.label,
        gocache: opts.gocache,
        versions: plans.flatMap((p) =>
          p.versionId === null
            ? []
            : [
                {
                  versionId: p.versionId,
                  modBlob: this.blobOf(x, p.mod),
                  infoBlob: this.blobOf(x, p.info),
                  created: p.created,
                },
              ],
        ),
        files: files.map((f) => ({ ...f, blobId: f.blobId ?? sink.blobId(f.sha256!)! })),
        bytesAdded: sink.bytesAdded,
        reread: toRead.length,
        problems: x.problems,
        disk:
          opts.source.kind === 'snapshot'
            ? {
                zipBytes: plans.reduce((n, p) => n + (p.v.zip?.size ?? 0), 0),
                extracted: plans.flatMap((p) =>
                  p.v.treeDir && p.versionId !== null ? [p.versionId] : [],
                ),
              }
            : undefined,
      };
      const record = await commitSnapshot(s, sink, contents, this.d.faults);
      this.d.faults.hit('snapshot-committed');
      // Snapshots an older ModVault took get their manifests (once).
      await describeRecorded(s, sink);
      return {
        ...SnapshotRecorder.result(record, contents),
        ...healedBy(s.db, sink.healed, record.id),
        storeBytes: this.d.store.storeBytes(s.db),
      };
    } catch (e) {
      await sink.abort();
      throw e;
    }
  }

  private blobOf(x: Session, f: VersionPlan['mod']): number | null {
    return f.id ?? (f.sha256 ? x.sink.blobId(f.sha256)! : null);
  }

  private async readVersions(
    x: Session,
    toRead: VersionPlan[],
    progress: (p: ProgressUpdate) => void,
  ) {
    const bytesTotal = toRead.reduce((n, p) => n + (p.v.zip?.size ?? 0), 0);
    let done = 0;
    let bytesDone = 0;
    progress({ phase: 'reading', done, total: toRead.length, bytesDone, bytesTotal });
    // A no-op snapshot reads nothing: it needs none of the readers' set-up either.
    if (toRead.length === 0) return;
    const streams = new ModuleStreams(x.s.db);
    const ingest = new VersionIngest(
      this.d.pool,
      x.sink,
      streams,
      x.opts.source.paths,
      x.s.paths.tmp,
      x.opts.signal,
      new DeltaBaseFinder(x.s.db, x.s.paths.packs),
    );
    const garbage = new AllocationBudget(32 * 1024 * 1024);
    await mapLimit(
      toRead,
      this.d.pool.size * 2,
      async (p) => {
        await this.ingest(x, p, ingest);
        this.settle(x, p);
        // Buffers received from workers are garbage now: collect them promptly.
        garbage.add(p.v.zip?.size ?? 0);
        bytesDone += p.v.zip?.size ?? 0;
        progress({ done: ++done, bytesDone, message: `${p.v.path}@${p.v.version}` });
      },
      x.opts.signal,
    );
  }

  private planSmallFiles(x: Session, p: VersionPlan) {
    const { v, src } = p;
    const paths = x.opts.source.paths;
    const report = (r: Pick<SnapshotProblem, 'kind' | 'detail' | 'file'>) =>
      x.problems.push({ path: v.path, version: v.version, keptFrom: null, ...r });
    const mod = paths.versionFile(v, 'mod');
    const damaged = (id: number) => x.versions.isDamagedBlob(id);
    p.mod = storeSmallFile(
      v.mod,
      mod,
      src ? { sig: src.mod_sig, blob: src.mod_blob } : null,
      x.sink,
      report,
      damaged,
    );
    const info = paths.versionFile(v, 'info');
    const prevInfo = src ? { sig: src.info_sig, blob: src.info_blob } : null;
    p.info = storeSmallFile(v.info, info, prevInfo, x.sink, report, damaged, v.version);
    // Go fetches a toolchain as a zip alone: it has no .mod to miss.
    if (!v.mod && (v.zip || v.treeDir) && v.path !== TOOLCHAIN_MODULE)
      report({
        kind: 'mod-missing',
        detail: 'missing .mod (Go needs it, even with the zip)',
        file: mod,
      });
  }

  private async ingest(x: Session, p: VersionPlan, ingest: VersionIngest) {
    for (let attempt = 0; ; attempt++) {
      try {
        p.ingested = p.read === 'zip' ? await ingest.fromZip(p.v) : await ingest.fromTree(p.v);
        if (!p.ingested.verified)
          x.problems.push({
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
          p.v = x.opts.source.relist(p.v);
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
        x.problems.push(p.problem);
        return;
      }
    }
  }

  /** Defers the rows recording a planned version until the blobs they need are durable. */
  private settle(x: Session, p: VersionPlan): void {
    const { versions, sink } = x;
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
    const root = x.opts.source.signatureRoot;
    if (!p.ingested && (root === null || !planChanges(p))) return;
    sink.defer({
      needsPack: Math.max(p.ingested?.needsPack ?? 0, p.mod.seq, p.info.seq),
      commit: () => {
        if (p.ingested) {
          const r = versions.insert(p.ingested, this.d.clock.now(), (sha) => sink.blobId(sha));
          p.versionId = r.id;
          p.created = r.created;
          p.ingested = null; // its file list can go: the rows hold it now
        }
        if (root === null) return;
        versions.setSource(root, p.v.path, p.v.version, {
          content_sig: p.contentSig,
          version_id: p.versionId!,
          mod_sig: p.mod.sig,
          mod_blob: this.blobOf(x, p.mod),
          info_sig: p.info.sig,
          info_blob: this.blobOf(x, p.info),
        });
      },
    });
  }

  private async files(
    x: Session,
    modcacheFiles: ListedFile[],
    onRead: (files: number, bytes: number) => void,
  ): Promise<StoredFile[]> {
    const { opts } = x;
    const files = [...modcacheFiles];
    const roots: Record<FileArea, string> = {
      modcache: opts.source.signatureRoot ?? '',
      sumdb: opts.sumdbDir ?? '',
      gocache: opts.gocache?.dir ?? '',
    };
    if (opts.sumdbDir) {
      const sumdb = await this.d.lister.listArea('sumdb', opts.sumdbDir, undefined, opts.signal);
      files.push(...sumdb.files);
      x.problems.push(...sumdb.problems);
    }
    if (opts.gocache) {
      // trim.txt must not travel: restored, it would make Go trim what was just restored.
      const gc = await this.d.lister.listArea(
        'gocache',
        opts.gocache.dir,
        (rel) => rel === 'trim.txt',
        opts.signal,
      );
      files.push(...gc.files);
      x.problems.push(...gc.problems);
    }
    let n = 0;
    let bytes = 0;
    const res = await new FileIngest(x.s.db, this.d.pool, x.sink, x.s.paths.tmp, opts.signal).run(
      files,
      roots,
      (f, b) => onRead((n += f), (bytes += b)),
    );
    x.problems.push(...res.problems);
    return res.stored;
  }
}
