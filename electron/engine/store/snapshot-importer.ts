import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../../../shared/dto/store';
import { EngineError, fromErrno } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import { archiveKind, extractArchive } from './archive-extract';
import type { BackupStore } from './backup-store';
import { EXPORT_MANIFEST, proxySource } from './snapshot-source';
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
    const src = path.resolve(source);
    const st = await stat(src).catch((e: unknown) => {
      throw fromErrno(e, `the import source ${src}`) ?? e;
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
            opts.progress?.({ phase: 'unpacking' });
            tmp = await mkdtemp(path.join(s.paths.tmp, 'import-'));
            await extractArchive(src, kind, tmp);
            root = tmp;
          }
          const proxy = proxySource(root, src);
          if (proxy.list().versions.length === 0)
            throw new EngineError('NOT_FOUND', `${src} holds no module versions.`, {
              path: src,
              fix: `Expected the GOPROXY layout (<module>/@v/<version>.mod, .zip) and ${EXPORT_MANIFEST}, as written by \`modvault export\`.`,
            });
          const snapshot = await this.writer.write(s, {
            source: proxy,
            sumdbDir: null,
            gocache: null,
            signal: opts.signal,
            progress: opts.progress,
          });
          return { source: src, versions: snapshot.versions, snapshot };
        } finally {
          if (tmp) await rm(tmp, { recursive: true, force: true });
        }
      },
      () => true,
    );
  }
}
