import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { RestorePart } from '../../../shared/dto/restore';
import { EngineError, toAppError } from '../errors';
import { h1FromDigests } from '../gomod/h1';
import { CacheLayout } from '../gomod/layout';
import { moduleZipProblems } from '../gomod/module-zip';
import { ZipReader } from '../gomod/zip-reader';
import { nodeFsOps } from '../platform/fs-ops';
import { retryingFsOps, retryPolicyFor } from '../platform/fs-retry';
import { ScratchBuffer } from '../platform/scratch-buffer';
import { TreeOps } from '../platform/tree-ops';
import { zipEntryEncoding } from '../store/blob-encoding';
import { ZipLayout } from '../store/zip-layout';
import { BufferedFile } from './buffered-file';
import { PackBlobs } from './pack-blobs';
import type { WorkerEnv } from '../workers/tasks';
import { TreeWriter } from './tree-writer';
import type { RestoreVersionsArgs, TaskVersion, VersionOutcome } from './version-task';
import { DamagedBlobError } from '../store/blob-errors';
import { HashMismatch, refuseLinksOnTheWay } from './version-task';

/** The zip writer's buffer: one per task, reused for every zip. */
const WRITE_BUFFER = 4 * 1024 * 1024;

/** Go's temp-file naming ("<file><digits>.tmp"): Go's own cleanup recognises the leftovers. */
function goTempName(file: string): string {
  return `${file}${randomInt(1_000_000_000)}.tmp`;
}

/** Writes a small cache file Go reads as complete by temp file + rename. */
function writeAtomic(file: string, data: Buffer | string): void {
  const tmp = goTempName(file);
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o666 });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes module versions into a module cache, in the order that keeps Go safe at every
 * instant: the zip (temp file, read back and checked, renamed), .mod and .info, the tree (see
 * TreeWriter), and the .ziphash last — until it exists Go does not take the version for
 * complete. The caller holds the versions' locks. Runs in a worker thread.
 */
export class VersionWriter {
  private readonly layout: CacheLayout;
  private readonly blobs: PackBlobs;
  private readonly trees: TreeWriter;
  private readonly writeBuffer = Buffer.allocUnsafe(WRITE_BUFFER);
  private readonly zipScratch = new ScratchBuffer(0);
  private readonly fsOps = new TreeOps({
    ops: retryingFsOps(nodeFsOps, retryPolicyFor(process.platform)),
    platform: process.platform,
  });

  constructor(
    private readonly a: RestoreVersionsArgs,
    private readonly env: WorkerEnv,
  ) {
    this.layout = new CacheLayout(a.root);
    this.blobs = new PackBlobs(a.packsDir);
    this.trees = new TreeWriter(this.layout, this.blobs, this.fsOps, env, {
      cacheRW: a.cacheRW,
      links: a.links,
    });
  }

  async run(): Promise<VersionOutcome[]> {
    const out: VersionOutcome[] = [];
    try {
      for (const v of this.a.versions) out.push(await this.version(v));
    } finally {
      this.blobs.close();
    }
    return out;
  }

  private async version(v: TaskVersion): Promise<VersionOutcome> {
    const o: VersionOutcome = {
      path: v.path,
      version: v.version,
      error: null,
      mismatch: null,
      wrote: [],
      zipH1: null,
      treeH1: null,
      files: 0,
      bytes: 0,
    };
    const has = (p: RestorePart) => v.parts.includes(p);
    try {
      this.refuseLinksOnTheWay(v);
      for (const l of v.leftovers) await this.fsOps.remove(l);
      mkdirSync(this.layout.versionDir(v.path), { recursive: true });
      if (has('zip')) o.zipH1 = await this.zip(v, o);
      if (has('mod')) this.small(v, 'mod', this.modContent(v), o);
      if (has('info') && v.info) this.small(v, 'info', this.blobs.content(v.info), o);
      if (has('tree')) {
        const tree = await this.trees.write(v);
        o.treeH1 = tree.h1;
        o.wrote.push('tree');
        o.files += tree.files;
        o.bytes += tree.bytes;
      }
      if (has('ziphash')) this.small(v, 'ziphash', v.h1, o);
    } catch (e) {
      if (e instanceof HashMismatch)
        o.mismatch = { what: e.what, expected: e.expected, actual: e.actual };
      if (e instanceof DamagedBlobError) o.damagedBlob = e.sha256;
      o.error = toAppError(e);
      if (o.error.code === 'NO_SPACE')
        o.error.fix =
          'Free some space on that volume (or restore into another one with --target-gomodcache DIR), then run the restore again: versions already restored are kept, and nothing half-written is left where Go would see it.';
      if (v.removeOnFailure) await this.removeWritten(v, o);
    }
    return o;
  }

  /**
   * A folder on the way to the version's files that is a symlink (`@v -> /etc/cron.d` planted in
   * the cache) would make the restore write outside the cache: the version is refused instead.
   */
  private refuseLinksOnTheWay(v: TaskVersion): void {
    refuseLinksOnTheWay(this.layout, v);
  }

  private async removeWritten(v: TaskVersion, o: VersionOutcome): Promise<void> {
    for (const part of o.wrote)
      await this.fsOps
        .remove(part === 'tree' ? this.layout.treeDir(v) : this.layout.versionFile(v, part))
        .catch(() => {});
    o.wrote = [];
  }

  private small(
    v: TaskVersion,
    kind: 'mod' | 'info' | 'ziphash',
    data: Buffer | string,
    o: VersionOutcome,
  ): void {
    writeAtomic(this.layout.versionFile(v, kind), data);
    o.wrote.push(kind);
    o.files++;
    o.bytes += Buffer.byteLength(data);
  }

  private modContent(v: TaskVersion): Buffer {
    if (v.mod) return this.blobs.content(v.mod);
    const goMod = v.files.find((f) => f.name === 'go.mod');
    return goMod ? this.blobs.content(goMod) : Buffer.from(`module ${v.path}\n`);
  }

  /** The zip, from stored entries copied as they are; read back and checked before the rename. */
  private async zip(v: TaskVersion, o: VersionOutcome): Promise<string> {
    const zipPath = this.layout.versionFile(v, 'zip');
    const tmp = goTempName(zipPath);
    const prefix = `${v.path}@${v.version}/`;
    try {
      const fd = openSync(tmp, 'wx', 0o666);
      try {
        const zl = new ZipLayout(prefix);
        const out = new BufferedFile(fd, this.writeBuffer);
        for (const f of v.files) {
          const entry = zipEntryEncoding(f);
          out.append(
            zl.local({ name: f.name, ...entry, crc32: f.crc32, size: f.size, mode: f.mode }),
          );
          if (entry.storedSize <= out.capacity)
            this.blobs.readRawInto(f, out.reserve(entry.storedSize));
          else {
            out.flush();
            await this.blobs.copyRawTo(f, fd);
          }
        }
        out.append(zl.finish());
        out.flush();
      } finally {
        closeSync(fd);
      }
      const h1 = await this.readBackZip(tmp, v);
      renameSync(tmp, zipPath);
      this.env.faults.hit('restore-zip-renamed');
      o.wrote.push('zip');
      o.files++;
      o.bytes += ZipLayout.size(
        prefix,
        v.files.map((f) => ({ ...f, ...zipEntryEncoding(f) })),
      );
      return h1;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  /**
   * Reads the written zip's directory back from disk: Go's module-zip checks and every entry
   * where it should be, with the recorded name, CRC-32 and size. Its data was checked as it was
   * written (PackBlobs.readRawInto and copyRawTo hash the stored bytes they copy), so it is not
   * read and hashed a second time; the zip's h1 follows from the contents those bytes hold.
   */
  private async readBackZip(file: string, v: TaskVersion): Promise<string> {
    const reader = ZipReader.openSync(file, WRITE_BUFFER, this.zipScratch);
    try {
      const entries = reader.entries;
      const problems = moduleZipProblems(entries, v);
      if (problems.length || entries.length !== v.files.length)
        throw new EngineError(
          'CORRUPT',
          `The restored zip ${file} does not read back: ${problems[0] ?? 'entries are missing'}.`,
        );
      for (const [i, e] of entries.entries()) {
        const f = v.files[i]!;
        if (
          e.name !== `${v.path}@${v.version}/${f.name}` ||
          e.crc32 >>> 0 !== f.crc32 >>> 0 ||
          e.size !== f.size
        )
          throw new EngineError(
            'CORRUPT',
            `The restored zip ${file} does not read back at ${e.name}.`,
          );
      }
      const h1 = h1FromDigests(
        entries.map((e, i) => ({ name: e.name, sha256: v.files[i]!.sha256 })),
      );
      if (h1 !== v.h1) throw new HashMismatch('zip', v.h1, h1);
      return h1;
    } finally {
      reader.close();
    }
  }
}

/** The worker task: writes a group of versions (usually one module's) under the caller's locks. */
export function restoreVersions(a: RestoreVersionsArgs, env: WorkerEnv): Promise<VersionOutcome[]> {
  return new VersionWriter(a, env).run();
}
