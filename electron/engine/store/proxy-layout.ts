import path from 'node:path';
import { escapePath, escapeVersion } from '../gomod/escape';
import type { ModuleVersion, VersionFileKind } from '../gomod/layout';

/** The GOPROXY protocol's file layout: <esc path>/@v/list and <esc path>/@v/<esc v>.{info,mod,zip}. */
export class ProxyLayout {
  constructor(readonly root: string) {}

  /** "/"-separated name relative to the proxy root (for archive entries). */
  static versionName(m: ModuleVersion, kind: VersionFileKind): string {
    return `${escapePath(m.path)}/@v/${escapeVersion(m.version)}.${kind}`;
  }

  static listName(modulePath: string): string {
    return `${escapePath(modulePath)}/@v/list`;
  }

  versionFile(m: ModuleVersion, kind: VersionFileKind): string {
    return path.join(this.root, ...ProxyLayout.versionName(m, kind).split('/'));
  }
}

/** What reading a version needs to know about where its files are. */
export type VersionPaths = Pick<ProxyLayout, 'versionFile'>;
