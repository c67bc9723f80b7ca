import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { EngineError, fromErrno } from '../errors';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import type { Logger } from '../platform/logger';
import type { BackupStore } from '../store/backup-store';
import { BlobIndex } from '../store/blob-index';
import { BlobReader } from '../store/blob-reader';
import type { CatalogVersion, SnapshotRecord } from '../store/snapshot-catalog';
import { SnapshotCatalog } from '../store/snapshot-catalog';
import { ProxyFiles } from './proxy-files';

type Kind = 'list' | 'latest' | 'info' | 'mod' | 'zip';

interface Request {
  module: string;
  kind: Kind;
  version: string | null;
}

/** "/<esc path>/@v/list", "/<esc path>/@v/<esc v>.(info|mod|zip)", "/<esc path>/@latest". */
function parse(urlPath: string): Request | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const latest = /^\/(.+)\/@latest$/.exec(p);
  if (latest) {
    const module = tryUnescapePath(latest[1]!);
    return module ? { module, kind: 'latest', version: null } : null;
  }
  const m = /^\/(.+)\/@v\/(list|(.+)\.(info|mod|zip))$/.exec(p);
  if (!m) return null;
  const module = tryUnescapePath(m[1]!);
  if (!module) return null;
  if (m[2] === 'list') return { module, kind: 'list', version: null };
  const version = tryUnescapeVersion(m[3]!);
  return version ? { module, kind: m[4] as Kind, version } : null;
}

/**
 * Serves a snapshot with the GOPROXY protocol on 127.0.0.1: list, .info, .mod, .zip and
 * @latest of every module version it holds; zips are rebuilt from the stored deflate streams
 * as they are sent; everything else is 404, so `GOPROXY=http://127.0.0.1:PORT,off` fails
 * cleanly for what the snapshot lacks. Requests naming another host are refused (DNS
 * rebinding). The go command checks what it downloads against go.sum / the checksum database.
 */
export class SnapshotProxy {
  private readonly files: ProxyFiles;
  private server: Server | null = null;
  private port = 0;
  /** Module zips sent. */
  served = 0;

  constructor(
    readonly snapshot: SnapshotRecord,
    catalog: SnapshotCatalog,
    blobs: BlobReader,
    private readonly logger: Logger,
  ) {
    this.files = new ProxyFiles(snapshot, catalog, blobs);
  }

  async listen(port = 0): Promise<{ url: string; port: number }> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(fromErrno(e, `port ${port} on 127.0.0.1`) ?? e));
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return { url: `http://127.0.0.1:${this.port}`, port: this.port };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`)
      return this.send(res, 403, 'forbidden: unexpected Host header\n');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.send(res, 405, 'method not allowed\n');
    const r = parse(new URL(req.url ?? '/', 'http://x').pathname);
    const versions = r ? this.files.modules.get(r.module) : undefined;
    if (!r || !versions) return this.send(res, 404, `not found: ${req.url}\n`);
    try {
      if (r.kind === 'list') return this.send(res, 200, this.files.list(r.module), 'text/plain');
      const v =
        r.kind === 'latest'
          ? this.files.latest(r.module)
          : versions.find((x) => x.version === r.version);
      if (!v) return this.send(res, 404, `not found: ${r.module}@${r.version ?? 'latest'}\n`);
      if (r.kind === 'info' || r.kind === 'latest')
        return this.send(res, 200, this.files.info(v), 'application/json');
      if (r.kind === 'mod') return this.send(res, 200, this.files.mod(v), 'text/plain');
      if (!ProxyFiles.hasZip(v))
        return this.send(res, 404, `not found: ${r.module}@${v.version}.zip\n`);
      await this.zip(req, res, v);
    } catch (e) {
      this.logger.warn('proxy request failed', { url: req.url, error: String(e) });
      if (!res.headersSent) this.send(res, 500, `${(e as Error).message}\n`);
      else res.destroy();
    }
  }

  private async zip(req: IncomingMessage, res: ServerResponse, v: CatalogVersion): Promise<void> {
    const zip = this.files.zip(v);
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': zip.size });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(zip.stream(), res);
    this.served++;
  }

  private send(
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/plain',
  ): void {
    res.writeHead(status, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }
}

/** A proxy for the store's snapshot `ref` (id, unique prefix or "latest"). */
export async function proxyForSnapshot(
  store: BackupStore,
  ref: string,
  logger: Logger,
): Promise<SnapshotProxy> {
  const db = await store.requireReader();
  const catalog = new SnapshotCatalog(db);
  const snap = catalog.get(ref);
  if (catalog.versions(snap).length === 0)
    throw new EngineError('NOT_FOUND', `Snapshot ${snap.id} holds no module versions.`, {
      fix: 'Pick another snapshot (modvault snapshots).',
    });
  return new SnapshotProxy(
    snap,
    catalog,
    new BlobReader(new BlobIndex(db), store.paths().packs),
    logger,
  );
}
