import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names never change content: cache them; never cache the page itself. */
  immutable: boolean;
}

/**
 * Serves the built renderer (dist/renderer) and nothing else: the request path is decoded,
 * resolved inside the root, and refused when it — or a symlink in it — leads outside.
 */
export class StaticFiles {
  private realRoot: Promise<string>;

  constructor(root: string) {
    this.realRoot = realpath(root);
  }

  /** `rest` is the URL path below the token ("/", "/assets/index-abc.js"); null when not found. */
  async get(rest: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest || '/');
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return null;
    const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
    const root = await this.realRoot;
    const candidate = path.resolve(root, `.${relative}`);
    if (!candidate.startsWith(root + path.sep)) return null;
    const type = TYPES[path.extname(candidate).toLowerCase()];
    if (!type) return null;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + path.sep)) return null;
      return {
        body: await readFile(real),
        contentType: type,
        immutable: relative.startsWith('/assets/'),
      };
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
      throw e;
    }
  }
}
