import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errnoCode } from '../errors';
import { escapePath, escapeVersion } from '../gomod/escape';
import { openNote } from './note';
import type { SumdbSetting } from './sumdb-config';
import { proxyEntries } from './sumdb-config';
import type { Tile } from './tlog';
import { parseRecord, parseTree, recordHash, tilePath, TILE_HEIGHT, TreeHashes } from './tlog';

/** What the checksum database says about one version, authenticated against its signed tree. */
export type SumdbAnswer =
  | {
      status: 'found';
      h1: string | null;
      modH1: string | null;
      /** Where the answer came from: the module cache's copy of an earlier lookup, or a URL. */
      via: string;
    }
  | { status: 'not-found'; via: string; detail: string }
  | { status: 'unreachable'; error: string }
  /** Signature, inclusion or consistency failed: the go command's "SECURITY ERROR". */
  | { status: 'misbehaving'; via: string; error: string };

type Got = { ok: true; body: Buffer } | { ok: false; notFound: boolean; error: string };

/** GETs a URL (http, https or file) as the go command's web package does: 404/410 = not found. */
export type Getter = (url: string, signal?: AbortSignal) => Promise<Got>;

export function webGetter(timeoutMs: number): Getter {
  return async (url, signal) => {
    if (url.startsWith('file:')) {
      try {
        return { ok: true, body: await readFile(fileURLToPath(url)) };
      } catch (e) {
        const code = errnoCode(e);
        return { ok: false, notFound: code === 'ENOENT', error: `${url}: ${code ?? String(e)}` };
      }
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'follow',
      });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.ok) return { ok: true, body };
      return {
        ok: false,
        notFound: res.status === 404 || res.status === 410,
        error: `${url}: ${res.status} ${res.statusText}${body.length ? `: ${body.toString('utf8', 0, 200).trim()}` : ''}`,
      };
    } catch (e) {
      if (signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (e as Error).message);
      return { ok: false, notFound: false, error: `${url}: ${why}` };
    }
  };
}

class Misbehaving extends Error {}

export interface SumdbClientOptions {
  setting: Extract<SumdbSetting, { kind: 'db' }>;
  goproxy: string;
  /** GOMODCACHE: cache/download/sumdb holds earlier lookups and tiles, as go stored them. */
  gomodcache: string;
  /** GOPATH[0]/pkg/sumdb: the latest tree head the go command has seen. */
  sumdbDir: string;
  get: Getter;
  signal?: AbortSignal;
}

/**
 * A read-only client of one checksum database, following the go command: earlier answers from
 * the module cache first, then the database through the first GOPROXY entry that proxies it
 * (`/sumdb/<name>/supported`), else directly (or at the URL GOSUMDB names). Every answer is
 * authenticated — signed tree head, record inclusion, and consistency with the tree head go saw
 * last — and nothing is written.
 */
export class SumdbClient {
  private base: Promise<{ url: string } | { error: string }> | null = null;
  private readonly trees = new Map<string, TreeHashes>();

  constructor(private readonly o: SumdbClientOptions) {}

  get name(): string {
    return this.o.setting.name;
  }

  async lookup(modPath: string, version: string): Promise<SumdbAnswer> {
    const remotePath = `lookup/${escapePath(modPath)}@${escapeVersion(version)}`;
    const cached = await this.readCache(remotePath);
    if (cached) {
      const answer = await this.authenticateTwice(
        cached.toString('utf8'),
        modPath,
        version,
        'cache',
      );
      // A cached answer that does not authenticate was damaged where it lies: ask again.
      if (answer.status === 'found') return answer;
    }
    const base = await this.resolveBase();
    if ('error' in base) return { status: 'unreachable', error: base.error };
    const via = base.url;
    const got = await this.o.get(`${via}/${remotePath}`, this.o.signal);
    if (!got.ok)
      return got.notFound
        ? { status: 'not-found', via, detail: got.error }
        : { status: 'unreachable', error: got.error };
    return this.authenticateTwice(got.body.toString('utf8'), modPath, version, via);
  }

  /** A damaged tile in the module cache must not make the database look guilty: retry without. */
  private async authenticateTwice(
    msg: string,
    modPath: string,
    version: string,
    via: string,
  ): Promise<SumdbAnswer> {
    const first = await this.authenticate(msg, modPath, version, via, false);
    if (first.status !== 'misbehaving') return first;
    const second = await this.authenticate(msg, modPath, version, via, true);
    return second.status === 'unreachable'
      ? {
          ...first,
          error: `${first.error} (not re-checked with the database's own tiles: ${second.error})`,
        }
      : second;
  }

  private async authenticate(
    msg: string,
    modPath: string,
    version: string,
    via: string,
    remoteTiles: boolean,
  ): Promise<SumdbAnswer> {
    try {
      const { id, text, rest } = parseRecord(msg);
      const tree = parseTree(openNote(rest, this.o.setting.verifier));
      const hashes = this.treeHashes(tree.size, remoteTiles);
      const root = await hashes.rootWithLeaf(id, recordHash(text));
      if (!root.equals(tree.hash))
        throw new Misbehaving('cannot authenticate record data in server response');
      await this.checkAgainstLatest(hashes, tree.hash, remoteTiles);
      let h1: string | null = null;
      let modH1: string | null = null;
      for (const line of text.split('\n')) {
        const [p, v, h] = line.split(' ');
        if (p !== modPath || !h) continue;
        if (v === version) h1 = h;
        else if (v === `${version}/go.mod`) modH1 = h;
      }
      if (h1 === null && modH1 === null)
        throw new Misbehaving(`the record holds no line for ${modPath} ${version}`);
      return { status: 'found', h1, modH1, via };
    } catch (e) {
      if (this.o.signal?.aborted) throw e;
      const error = (e as Error).message;
      // A tile that cannot be fetched leaves the answer unproven, not false.
      if (e instanceof TileUnavailable) return { status: 'unreachable', error };
      return { status: 'misbehaving', via, error };
    }
  }

  /**
   * The tree the go command saw last (GOPATH/pkg/sumdb/<name>/latest) must be a prefix of this
   * one, or this one of it: otherwise the database shows different logs to different users.
   */
  private async checkAgainstLatest(
    hashes: TreeHashes,
    hash: Buffer,
    remoteTiles: boolean,
  ): Promise<void> {
    const file = path.join(this.o.sumdbDir, this.name, 'latest');
    let latest;
    try {
      latest = parseTree(openNote(await readFile(file, 'utf8'), this.o.setting.verifier));
    } catch {
      return; // none yet, or not ours: nothing to compare with
    }
    // A tile that cannot be had leaves the answer unproven (TileUnavailable), not trusted.
    const same =
      latest.size <= hashes.size
        ? (await hashes.root(latest.size)).equals(latest.hash)
        : (await this.treeHashes(latest.size, remoteTiles).root(hashes.size)).equals(hash);
    if (!same)
      throw new Misbehaving(
        `the database's tree does not extend the one the go command saw last (${file}): go.sum database server misbehavior`,
      );
  }

  private treeHashes(size: number, remoteTiles: boolean): TreeHashes {
    const key = `${size}${remoteTiles ? ' remote' : ''}`;
    let t = this.trees.get(key);
    if (!t) {
      t = new TreeHashes(size, (tile) => this.readTile(tile, remoteTiles));
      this.trees.set(key, t);
    }
    return t;
  }

  /** As the go command reads tiles: this width, or a wider copy cut down, from cache or server. */
  private async readTile(t: Tile, remoteOnly: boolean): Promise<Buffer> {
    const want = tilePath(t);
    const full = tilePath({ ...t, width: 1 << TILE_HEIGHT });
    const cached = remoteOnly ? [] : [want, full, ...(await this.widerCachedTiles(t))];
    for (const p of cached) {
      const data = await this.readCache(p);
      if (data) return data;
    }
    const base = await this.resolveBase();
    if ('error' in base) throw new TileUnavailable(base.error);
    let got = await this.o.get(`${base.url}/${want}`, this.o.signal);
    if (!got.ok && want !== full) got = await this.o.get(`${base.url}/${full}`, this.o.signal);
    if (!got.ok) throw new TileUnavailable(got.error);
    return got.body;
  }

  /** Partial tiles wider than `t` in the cache (go keeps each width it fetched). */
  private async widerCachedTiles(t: Tile): Promise<string[]> {
    const p = tilePath({ ...t, width: 1 << TILE_HEIGHT });
    const dir = path.join(this.cacheDir(), ...`${p}.p`.split('/'));
    const names = await readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => /^\d+$/.test(n) && Number(n) > t.width).map((n) => `${p}.p/${n}`);
  }

  private cacheDir(): string {
    return path.join(this.o.gomodcache, 'cache', 'download', 'sumdb', this.name);
  }

  private async readCache(rel: string): Promise<Buffer | null> {
    const data = await readFile(path.join(this.cacheDir(), ...rel.split('/'))).catch(() => null);
    // go treats an empty file (mid-write) as absent.
    return data && data.length > 0 ? data : null;
  }

  /** initBase of the go command: the first proxy that supports this database, else direct. */
  private resolveBase(): Promise<{ url: string } | { error: string }> {
    this.base ??= (async () => {
      const { setting } = this.o;
      if (setting.url) return { url: setting.url.replace(/\/+$/, '') };
      const { entries } = proxyEntries(this.o.goproxy);
      for (const e of entries) {
        const url = `${e.url.replace(/\/+$/, '')}/sumdb/${setting.name}`;
        const got = await this.o.get(`${url}/supported`, this.o.signal);
        if (got.ok) return { url };
        if (!got.notFound && !e.fallBackOnError) return { error: got.error };
      }
      return { url: `https://${setting.name}` };
    })();
    return this.base;
  }
}

class TileUnavailable extends Error {}
