import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFormat, ExportResult } from '../../../shared/dto/store';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { compareSemver } from '../gomod/semver';
import type { BackupStore } from './backup-store';
import type { DamageRecorder } from './damage-recorder';
import type { ArchiveSink } from './archive-sink';
import { openSink } from './archive-sink';
import { BlobIndex } from './blob-index';
import { BlobReader } from './blob-reader';
import { moduleZip } from './module-zip-builder';
import { ProxyLayout } from './proxy-layout';
import type { CatalogVersion } from './snapshot-catalog';
import { SnapshotCatalog } from './snapshot-catalog';
import { EXPORT_MANIFEST } from './snapshot-source';

export interface ExportManifest {
  format: 'modvault-export';
  formatVersion: 1;
  snapshot: { id: string; time: string; host: string; gomodcache: string };
  versions: {
    path: string;
    version: string;
    h1: string;
    files: number;
    bytes: number;
    zip: boolean;
  }[];
}

export interface ExportOptions {
  snapshot: string;
  format: ExportFormat;
  out: string;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

async function checkTarget(out: string, format: ExportFormat): Promise<void> {
  const st = await stat(out).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fromErrno(e, out) ?? e;
  });
  if (!st) return;
  const emptyDir = format === 'dir' && st.isDirectory() && (await readdir(out)).length === 0;
  if (!emptyDir)
    throw new EngineError('PATH_INVALID', `${out} already exists.`, {
      path: out,
      fix:
        format === 'dir'
          ? 'Choose a new or empty folder.'
          : 'Choose another file name, or delete the old export.',
    });
}

/**
 * Writes a snapshot as a GOPROXY tree (<path>/@v/list, .info, .mod, .zip) plus a manifest, into
 * a folder or an archive: after unpacking, GOPROXY=file://<dir> serves it to the go command.
 * Module zips are rebuilt from stored deflate streams, without recompressing them.
 */
export class SnapshotExporter {
  constructor(
    private readonly store: BackupStore,
    private readonly damage: DamageRecorder,
  ) {}

  export(opts: ExportOptions): Promise<ExportResult> {
    return this.damage.noticing('an export could not read it', () => this.write(opts));
  }

  private async write(opts: ExportOptions): Promise<ExportResult> {
    const db = await this.store.requireReader();
    const catalog = new SnapshotCatalog(db);
    const snap = catalog.get(opts.snapshot);
    const blobs = new BlobReader(new BlobIndex(db), this.store.paths().packs);
    const out = path.resolve(opts.out);
    await checkTarget(out, opts.format);
    await mkdir(path.dirname(out), { recursive: true }).catch((e: unknown) => {
      throw fromErrno(e, `the folder ${path.dirname(out)}`) ?? e;
    });
    // Written beside the target and renamed at the end: a failed export leaves nothing half-done.
    const tmp = path.join(
      path.dirname(out),
      `.${path.basename(out)}.tmp-${randomBytes(4).toString('hex')}`,
    );
    const sink = await openSink(opts.format, tmp);
    const versions = catalog.versions(snap);
    const progress = opts.progress ?? (() => {});
    const bytesTotal = versions.reduce((n, v) => n + v.contentBytes, 0);
    let files = 0;
    let bytesDone = 0;
    try {
      progress({ phase: 'writing', done: 0, total: versions.length, bytesDone, bytesTotal });
      for (const [i, v] of versions.entries()) {
        if (opts.signal?.aborted) throw new EngineError('CANCELED', 'Canceled.');
        files += await this.writeVersion(sink, catalog, blobs, v);
        bytesDone += v.contentBytes;
        progress({ done: i + 1, bytesDone, message: `${v.path}@${v.version}` });
      }
      files += await this.writeLists(sink, versions);
      const manifest: ExportManifest = {
        format: 'modvault-export',
        formatVersion: 1,
        snapshot: {
          id: snap.id,
          time: new Date(snap.time).toISOString(),
          host: snap.host,
          gomodcache: snap.gomodcache,
        },
        versions: versions.map((v) => ({
          path: v.path,
          version: v.version,
          h1: v.h1,
          files: v.fileCount,
          bytes: v.contentBytes,
          zip: v.source !== 'none',
        })),
      };
      await sink.add(EXPORT_MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
      await sink.finish();
      if (opts.format === 'dir') await rm(out, { recursive: true, force: true });
      await rename(tmp, out);
    } catch (e) {
      sink.abort();
      await rm(tmp, { recursive: true, force: true });
      throw fromErrno(e, `the export ${out}`) ?? e;
    }
    return {
      snapshot: snap.id,
      format: opts.format,
      out,
      versions: versions.length,
      files: files + 1,
      bytes: await sizeOf(out),
    };
  }

  private async writeVersion(
    sink: ArchiveSink,
    catalog: SnapshotCatalog,
    blobs: BlobReader,
    v: CatalogVersion,
  ): Promise<number> {
    const files = v.source === 'none' ? [] : catalog.versionFiles(v.versionId);
    // A proxy must serve .mod and .info; a cache may lack them (then Go's own rules fill in).
    const goMod = files.find((f) => f.name === 'go.mod');
    const mod =
      v.modBlob !== null
        ? blobs.content(v.modBlob)
        : goMod
          ? blobs.content(goMod.blobId)
          : Buffer.from(`module ${v.path}\n`);
    const info =
      v.infoBlob !== null
        ? blobs.content(v.infoBlob)
        : Buffer.from(JSON.stringify({ Version: v.version }));
    await sink.add(ProxyLayout.versionName(v, 'mod'), mod);
    await sink.add(ProxyLayout.versionName(v, 'info'), info);
    if (v.source === 'none') return 2;
    await sink.add(
      ProxyLayout.versionName(v, 'zip'),
      moduleZip(`${v.path}@${v.version}/`, files, blobs),
      true,
    );
    return 3;
  }

  /** The list file of each module: the versions it has zips for, in semver order. */
  private async writeLists(sink: ArchiveSink, versions: CatalogVersion[]): Promise<number> {
    const byModule = new Map<string, string[]>();
    for (const v of versions) {
      if (v.source === 'none') continue;
      byModule.set(v.path, [...(byModule.get(v.path) ?? []), v.version]);
    }
    for (const [p, list] of byModule)
      await sink.add(
        ProxyLayout.listName(p),
        Buffer.from(list.sort(compareSemver).join('\n') + '\n'),
      );
    return byModule.size;
  }
}

async function sizeOf(p: string): Promise<number> {
  const st = await stat(p);
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const e of await readdir(p, { withFileTypes: true }))
    n += await sizeOf(path.join(p, e.name));
  return n;
}
