import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../../../shared/dto/store';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { refuseUnsafeFolder } from '../platform/path-guard';
import { archiveKind, extractArchive } from './archive-extract';
import type { BackupStore } from './backup-store';
import { EXPORT_MANIFEST } from './export-manifest';
import { proxySource } from './snapshot-source';
import type { SnapshotWriter } from './snapshot-writer';

export interface ImportOptions {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
}

/**
 * Reads an export back (a folder, a zip or a tar.gz in the GOPROXY layout) as a new snapshot
 * of kind "import": zips are checked against the manifest's h1, contents deduplicated like any
 * snapshot's. Archives are unpacked into the store's tmp/ folder first, and removed after.
 */
export class SnapshotImporter {
  constructor(
    private readonly store: BackupStore,
    private readonly writer: SnapshotWriter,
  ) {}

  async import(source: string, opts: ImportOptions): Promise<ImportResult> {
    // The source is what the user chose: a symlink to it is followed here, once, and nothing
    // below it is followed again.
    const given = path.resolve(source);
    const src = await realpath(given).catch((e: unknown) => {
      throw fromErrno(e, `the import source ${given}`) ?? e;
    });
    const st = await stat(src);
    // A folder is walked for <module>/@v folders: never the whole file system or home folder.
    if (st.isDirectory() && this.store.deps.home)
      refuseUnsafeFolder(
        src,
        this.store.deps.home,
        'import from',
        'Import the folder `modvault export --format dir` wrote (or its zip or tar.gz).',
      );
    if (!st.isFile() && !st.isDirectory())
      throw new EngineError('UNSUPPORTED', `${given} is neither a folder nor an archive file.`, {
        path: given,
        fix: 'Import a folder, zip or tar.gz written by `modvault export`.',
      });
    return this.store.write(
      'import',
      async (s) => {
        let root = src;
        let tmp: string | null = null;
        try {
          if (!st.isDirectory()) {
            const kind = archiveKind(src);
            if (!kind)
              throw new EngineError(
                'UNSUPPORTED',
                `${src} is neither a zip nor a tar.gz archive.`,
                {
                  path: src,
                  fix: 'Import a folder, zip or tar.gz written by `modvault export`.',
                },
              );
            opts.progress?.({ phase: 'unpacking', bytesDone: 0, bytesTotal: st.size });
            tmp = await mkdtemp(path.join(s.paths.tmp, 'import-'));
            await extractArchive(src, kind, tmp, {
              signal: opts.signal,
              onProgress: (bytesDone) => opts.progress?.({ bytesDone }),
            });
            root = tmp;
          }
          const proxy = proxySource(root, given);
          if ((await proxy.list()).versions.length === 0)
            throw new EngineError('NOT_FOUND', `${given} holds no module versions.`, {
              path: given,
              fix: `Expected the GOPROXY layout (<module>/@v/<version>.mod, .zip) and ${EXPORT_MANIFEST}, as written by \`modvault export\`.`,
            });
          const snapshot = await this.writer.write(s, {
            source: proxy,
            sumdbDir: null,
            gocache: null,
            signal: opts.signal,
            progress: opts.progress,
          });
          return { source: given, versions: snapshot.versions, snapshot };
        } finally {
          if (tmp) await rm(tmp, { recursive: true, force: true });
        }
      },
      () => true,
    );
  }
}
