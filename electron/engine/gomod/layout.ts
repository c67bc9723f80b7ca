import path from 'node:path';
import { escapePath, escapeVersion } from './escape';

export type VersionFileKind = 'info' | 'mod' | 'zip' | 'ziphash' | 'lock' | 'partial';

export interface ModuleVersion {
  path: string;
  version: string;
}

export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

export function versionKey(m: ModuleVersion): string {
  return `${m.path}@${m.version}`;
}

/**
 * Where things live in a module cache (GO-CACHE.md): cache/download/<esc path>/@v/<esc v>.<kind>
 * and the extracted tree <esc path>@<esc v>/.
 */
export class CacheLayout {
  readonly root: string;
  readonly downloadDir: string;

  constructor(gomodcache: string) {
    this.root = path.resolve(gomodcache);
    this.downloadDir = path.join(this.root, 'cache', 'download');
  }

  /** cache/download/<esc path>/@v */
  versionDir(modulePath: string): string {
    return path.join(this.downloadDir, ...escapePath(modulePath).split('/'), '@v');
  }

  versionFile(m: ModuleVersion, kind: VersionFileKind): string {
    return path.join(this.versionDir(m.path), `${escapeVersion(m.version)}.${kind}`);
  }

  listFile(modulePath: string): string {
    return path.join(this.versionDir(modulePath), 'list');
  }

  /** The extracted tree: <GOMODCACHE>/<esc path>@<esc version> */
  treeDir(m: ModuleVersion): string {
    return path.join(this.root, ...`${escapePath(m.path)}@${escapeVersion(m.version)}`.split('/'));
  }

  sumdbCacheDir(): string {
    return path.join(this.downloadDir, 'sumdb');
  }

  vcsDir(): string {
    return path.join(this.root, 'cache', 'vcs');
  }

  /** cache/lock guards go.sum writes across go processes. */
  globalLockFile(): string {
    return path.join(this.root, 'cache', 'lock');
  }

  /** Prefix of every entry name in the module's zip: "<path>@<version>/" (unescaped). */
  static zipPrefix(m: ModuleVersion): string {
    return `${m.path}@${m.version}/`;
  }
}
