import { createHash, randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, fromErrno } from '../errors';
import type { TreeOps } from '../platform/tree-ops';
import { finishToolchainTree } from './toolchain-tree';
import { Yielder } from '../platform/yielder';
import type { FileDigest } from './h1';
import { h1FromDigests } from './h1';
import type { CacheLayout, ModuleVersion } from './layout';
import { moduleZipProblems } from './module-zip';
import type { VersionLocks } from './version-lock';
import type { ZipEntry } from './zip-index';
import { INFLATE_IN_MEMORY_LIMIT, ZipReader } from './zip-reader';

export interface ExtractOptions {
  /** The zip to extract (default: the version's own zip in the cache). */
  zipPath?: string;
  /** -modcacherw: leave directories writable. Otherwise dirs become 0555, as Go makes them. */
  cacheRW: boolean;
  /** The tree must hash to this h1 (usually the .ziphash or go.sum line), or nothing is kept. */
  expectedH1?: string;
  /** The caller already holds the version's lock. */
  lockHeld?: boolean;
  signal?: AbortSignal;
}

export interface ExtractResult {
  dir: string;
  /** False when Go's completeness test already held (dir, no .partial, .ziphash present). */
  extracted: boolean;
  files: number;
  bytes: number;
  h1: string | null;
}

const exists = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * Extracts a module zip into its tree exactly as the go command would accept it: under the
 * version's lock, `.partial` written first and removed last, the files written into
 * `<dir>.tmp-<random>` beside the target (Go removes such folders itself after a crash) and
 * renamed into place, files 0444 and dirs 0555, with Go's zip checks applied first.
 */
export class TreeExtractor {
  constructor(
    private readonly trees: TreeOps,
    private readonly locks: VersionLocks,
  ) {}

  async extract(
    layout: CacheLayout,
    m: ModuleVersion,
    opts: ExtractOptions,
  ): Promise<ExtractResult> {
    const lockSet = opts.lockHeld
      ? null
      : await this.locks.lock(layout, [m], { signal: opts.signal });
    try {
      return await this.extractLocked(layout, m, opts);
    } catch (e) {
      throw fromErrno(e, `extracting ${m.path}@${m.version}`) ?? e;
    } finally {
      lockSet?.release();
    }
  }

  private async extractLocked(
    layout: CacheLayout,
    m: ModuleVersion,
    opts: ExtractOptions,
  ): Promise<ExtractResult> {
    const dir = layout.treeDir(m);
    const partial = layout.versionFile(m, 'partial');
    const complete = exists(dir) && !exists(partial) && exists(layout.versionFile(m, 'ziphash'));
    if (complete) return { dir, extracted: false, files: 0, bytes: 0, h1: null };

    const zipPath = opts.zipPath ?? layout.versionFile(m, 'zip');
    const reader = ZipReader.openSync(zipPath);
    try {
      const problems = moduleZipProblems(reader.entries, m);
      if (problems.length > 0)
        throw new EngineError('CORRUPT', `${zipPath} is not a valid module zip: ${problems[0]}`, {
          path: zipPath,
          fix: 'Delete the zip and download the version again (modvault doctor --fix does this).',
        });
      await mkdir(path.dirname(dir), { recursive: true });
      await writeFile(partial, '', { mode: 0o666 });
      await removeStaleTree(this.trees, dir);
      const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
      let result;
      try {
        result = await this.writeFiles(reader, m, tmp, opts.signal);
        if (opts.expectedH1 && result.h1 !== opts.expectedH1)
          throw new EngineError(
            'CORRUPT',
            `The files of ${zipPath} hash to ${result.h1}, not ${opts.expectedH1}.`,
            { path: zipPath, fix: 'Download the version again: the zip has been modified.' },
          );
        finishToolchainTree(
          m.path,
          tmp,
          reader.entries
            .filter((e) => !e.name.endsWith('/'))
            .map((e) => e.name.slice(m.path.length + m.version.length + 2)),
        );
        await rename(tmp, dir);
      } catch (e) {
        await this.trees.remove(tmp).catch(() => {});
        await rm(partial, { force: true });
        throw e;
      }
      if (!opts.cacheRW) await makeDirsReadOnly(dir);
      await rm(partial, { force: true });
      return { dir, extracted: true, ...result };
    } finally {
      reader.close();
    }
  }

  private async writeFiles(
    reader: ZipReader,
    m: ModuleVersion,
    tmp: string,
    signal?: AbortSignal,
  ): Promise<{ files: number; bytes: number; h1: string }> {
    const prefixLength = `${m.path}@${m.version}/`.length;
    const yielder = new Yielder(signal);
    const digests: FileDigest[] = [];
    const made = new Set<string>();
    let bytes = 0;
    await mkdir(tmp, { mode: 0o777 });
    for (const entry of reader.entries) {
      if (entry.name.endsWith('/')) continue; // directory entries carry nothing to write
      const rel = entry.name.slice(prefixLength);
      const target = path.join(tmp, ...rel.split('/'));
      const parent = path.dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true, mode: 0o777 });
        made.add(parent);
      }
      digests.push({ name: entry.name, sha256: await writeEntry(reader, entry, target) });
      bytes += entry.size;
      await yielder.maybeYield();
    }
    return { files: digests.length, bytes, h1: h1FromDigests(digests) };
  }
}

/** Writes one entry with O_EXCL and mode 0444, returning the content's hex SHA-256. */
async function writeEntry(reader: ZipReader, entry: ZipEntry, target: string): Promise<string> {
  const hash = createHash('sha256');
  if (entry.size <= INFLATE_IN_MEMORY_LIMIT) {
    const content = reader.readContent(entry);
    await writeFile(target, content, { flag: 'wx', mode: 0o444 });
    return hash.update(content).digest('hex');
  }
  const fh = await open(target, 'wx', 0o444);
  try {
    for await (const chunk of reader.contentStream(entry)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      for (let done = 0; done < buf.length;)
        done += (await fh.write(buf, done, buf.length - done)).bytesWritten;
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** What Go clears under the lock before extracting: old `<dir>.tmp-*` and a partial tree. */
export async function removeStaleTree(trees: TreeOps, dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = `${path.basename(dir)}.tmp-`;
  for (const name of await readdir(parent))
    if (name.startsWith(prefix)) await trees.remove(path.join(parent, name));
  await trees.remove(dir);
}

/** Go's makeDirsReadOnly: clear the write bits of every directory, children before parents. */
export async function makeDirsReadOnly(dir: string): Promise<void> {
  const dirs: string[] = [];
  const walk = async (d: string) => {
    dirs.push(d);
    for (const e of await readdir(d, { withFileTypes: true }))
      if (e.isDirectory()) await walk(path.join(d, e.name));
  };
  await walk(dir);
  for (const d of dirs.reverse()) {
    const { mode } = await lstat(d);
    if (mode & 0o222) await chmod(d, mode & 0o7777 & ~0o222);
  }
}
