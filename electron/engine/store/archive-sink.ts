import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Archiver } from 'archiver';
import type { ExportFormat } from '../../../shared/dto/store';

/** Where an export's files go: a folder, or a zip or tar.gz archive. */
export interface ArchiveSink {
  /** Adds one file; `compressed` data (module zips) is stored as is. */
  add(name: string, data: Buffer | Readable, compressed?: boolean): Promise<void>;
  finish(): Promise<void>;
  abort(): void;
}

class DirSink implements ArchiveSink {
  constructor(private readonly root: string) {}

  async add(name: string, data: Buffer | Readable): Promise<void> {
    const file = path.join(this.root, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(
      Buffer.isBuffer(data) ? Readable.from([data]) : data,
      createWriteStream(file, { flags: 'wx' }),
    );
  }

  async finish(): Promise<void> {}

  abort(): void {}
}

class ArchiverSink implements ArchiveSink {
  private readonly done: Promise<void>;

  constructor(
    private readonly archive: Archiver,
    file: string,
  ) {
    const out = createWriteStream(file, { flags: 'wx' });
    this.done = new Promise((resolve, reject) => {
      out.on('close', resolve);
      out.on('error', reject);
      archive.on('error', reject);
    });
    this.done.catch(() => {});
    archive.pipe(out);
  }

  /** One entry at a time: archiver would otherwise start reading every queued stream at once. */
  add(name: string, data: Buffer | Readable, compressed = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const onEntry = () => {
        this.archive.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        this.archive.off('entry', onEntry);
        reject(e);
      };
      this.archive.once('entry', onEntry);
      this.archive.once('error', onError);
      this.archive.append(data, {
        name,
        date: new Date(0),
        mode: 0o644,
        store: compressed,
      } as never);
    });
  }

  async finish(): Promise<void> {
    await this.archive.finalize();
    await this.done;
  }

  abort(): void {
    this.archive.abort();
  }
}

/** archiver (and its dependency tree) loads only when an export asks for an archive. */
export async function openSink(format: ExportFormat, target: string): Promise<ArchiveSink> {
  if (format === 'dir') return new DirSink(target);
  const { TarArchive, ZipArchive } = await import('archiver');
  const archive =
    format === 'zip'
      ? new ZipArchive({ zlib: { level: 6 } })
      : new TarArchive({ gzip: true, gzipOptions: { level: 6 } });
  return new ArchiverSink(archive, target);
}
