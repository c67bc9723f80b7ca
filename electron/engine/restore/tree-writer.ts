import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { EngineError, errnoCode } from '../errors';
import type { FileDigest } from '../gomod/h1';
import { h1FromDigests } from '../gomod/h1';
import type { CacheLayout } from '../gomod/layout';
import { moduleZipProblems } from '../gomod/module-zip';
import { makeDirsReadOnly, removeStaleTree } from '../gomod/tree-extractor';
import { finishToolchainTree } from '../gomod/toolchain-tree';
import type { ZipEntry } from '../gomod/zip-index';
import type { TreeOps } from '../platform/tree-ops';
import type { WorkerEnv } from '../workers/tasks';
import type { PackBlobs } from './pack-blobs';
import { IN_MEMORY, writeAll } from './pack-blobs';
import type { TaskFile, TaskVersion } from './version-task';
import { HashMismatch } from './version-task';

/** A file of a finished tree: later versions of the module may link to it. */
interface Placed {
  path: string;
  ino: number;
  dev: number;
}

/** Zip entries as Go's checkZip sees them, for files written without a zip. */
function asEntries(v: TaskVersion): ZipEntry[] {
  return v.files.map((f) => ({
    name: `${v.path}@${v.version}/${f.name}`,
    nameIsUtf8: true,
    method: 0,
    flags: 0,
    crc32: f.crc32,
    compressedSize: f.storedSize,
    size: f.size,
    localHeaderOffset: 0,
    unixMode: f.mode,
  }));
}

/** Opens without touching the access time: reading a fresh file would otherwise write it. */
function openNoAtime(file: string): number {
  try {
    return openSync(file, constants.O_RDONLY | (constants.O_NOATIME ?? 0));
  } catch (e) {
    if (errnoCode(e) !== 'EPERM') throw e;
    return openSync(file, 'r');
  }
}

/**
 * Writes extracted trees exactly as Go would leave them: `.partial` first, the files (0444) in
 * `<dir>.tmp-<random>` beside the target, read back and hashed, renamed into place, folders made
 * read-only (0555, unless -modcacherw), `.partial` removed. With `links`, a file whose content an
 * earlier version of the same module already holds becomes a hard link to it: the trees are
 * byte- and mode-identical, written once.
 */
export class TreeWriter {
  /** blob id → a finished file with that content (this task's versions only). */
  private readonly placed = new Map<number, Placed>();

  constructor(
    private readonly layout: CacheLayout,
    private readonly blobs: PackBlobs,
    private readonly trees: TreeOps,
    private readonly env: WorkerEnv,
    private readonly opts: { cacheRW: boolean; links: boolean },
  ) {}

  async write(v: TaskVersion): Promise<{ h1: string; files: number; bytes: number }> {
    // Names come from the store: Go's own checks keep every file inside the tree.
    const problems = moduleZipProblems(asEntries(v), v);
    if (problems.length)
      throw new EngineError('CORRUPT', `The stored files are not a valid module: ${problems[0]}`);
    const dir = this.layout.treeDir(v);
    const partial = this.layout.versionFile(v, 'partial');
    mkdirSync(path.dirname(dir), { recursive: true });
    writeFileSync(partial, '', { mode: 0o666 });
    await removeStaleTree(this.trees, dir);
    const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
    let renamed = false;
    try {
      mkdirSync(tmp, { mode: 0o777 });
      const written = await this.writeFiles(v, tmp);
      const h1 = this.readBack(v, written);
      finishToolchainTree(
        v.path,
        tmp,
        v.files.filter((f) => !f.name.endsWith('/')).map((f) => f.name),
      );
      this.env.faults.hit('restore-tree-written');
      renameSync(tmp, dir);
      renamed = true;
      this.env.faults.hit('restore-tree-renamed');
      if (!this.opts.cacheRW) await makeDirsReadOnly(dir);
      rmSync(partial, { force: true });
      for (const w of written)
        if (!w.linked)
          this.placed.set(w.f.id, { ...w.id, path: path.join(dir, path.relative(tmp, w.path)) });
      return { h1, files: written.length, bytes: written.reduce((n, w) => n + w.f.size, 0) };
    } catch (e) {
      await this.trees.remove(renamed ? dir : tmp).catch(() => {});
      rmSync(partial, { force: true });
      throw e;
    }
  }

  private async writeFiles(v: TaskVersion, tmp: string) {
    const made = new Set<string>([tmp]);
    const written: { f: TaskFile; path: string; linked: boolean; id: Omit<Placed, 'path'> }[] = [];
    for (const f of v.files) {
      const target = path.join(tmp, ...f.name.split('/').filter(Boolean));
      if (f.name.endsWith('/')) {
        mkdirSync(target, { recursive: true, mode: 0o777 });
        made.add(target);
        continue;
      }
      const parent = path.dirname(target);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true, mode: 0o777 });
        made.add(parent);
      }
      const source = this.opts.links ? this.placed.get(f.id) : undefined;
      if (source) {
        linkSync(source.path, target);
        written.push({ f, path: target, linked: true, id: { ino: source.ino, dev: source.dev } });
        continue;
      }
      const fd = openSync(target, 'wx', 0o444);
      try {
        if (f.size <= IN_MEMORY && f.storedSize <= IN_MEMORY) writeAll(fd, this.blobs.content(f));
        else await this.blobs.writeContentTo(f, fd);
        const st = fstatSync(fd);
        written.push({ f, path: target, linked: false, id: { ino: st.ino, dev: st.dev } });
      } finally {
        closeSync(fd);
      }
    }
    return written;
  }

  /**
   * Every file from disk: hashed, or — a link — shown to be the very file hashed when its own
   * version was written. The tree's h1 then follows from those hashes.
   */
  private readBack(
    v: TaskVersion,
    written: { f: TaskFile; path: string; linked: boolean; id: Omit<Placed, 'path'> }[],
  ): string {
    const digests: FileDigest[] = [];
    const prefix = `${v.path}@${v.version}/`;
    for (const w of written) {
      if (w.linked) {
        const st = lstatSync(w.path);
        if (st.ino !== w.id.ino || st.dev !== w.id.dev)
          throw new HashMismatch('tree', v.treeH1, `${w.f.name} is not the file it links to`);
      } else {
        const sha = this.hashFile(w.path);
        if (sha !== w.f.sha256)
          throw new HashMismatch('tree', v.treeH1, `${w.f.name} reads back as sha256 ${sha}`);
      }
      digests.push({ name: prefix + w.f.name, sha256: w.f.sha256 });
    }
    const h1 = h1FromDigests(digests);
    if (h1 !== v.treeH1) throw new HashMismatch('tree', v.treeH1, h1);
    return h1;
  }

  private hashFile(file: string): string {
    const fd = openNoAtime(file);
    try {
      const hash = createHash('sha256');
      const buf = this.env.scratch.get(1 << 20);
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;)
        hash.update(buf.subarray(0, n));
      return hash.digest('hex');
    } finally {
      closeSync(fd);
    }
  }
}
