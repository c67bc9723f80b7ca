import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotKind } from '../../../shared/dto/store';
import { EngineError } from '../errors';
import { findVersionDirs } from '../gomod/cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { CacheLayout } from '../gomod/layout';
import { isCanonicalModuleVersion } from '../gomod/semver';
import type { CacheLister, Listing, ListedVersion } from './cache-lister';
import { relistVersion, statFile } from './cache-lister';
import type { VersionPaths } from './proxy-layout';
import { ProxyLayout } from './proxy-layout';

export const EXPORT_MANIFEST = 'modvault-export.json';

/** What a snapshot reads: a module cache, or a GOPROXY tree being imported. */
export interface SnapshotSource {
  kind: SnapshotKind;
  /** Recorded as the snapshot's module cache: GOMODCACHE, or the imported path. */
  label: string;
  /** Root under which stat signatures are remembered; null to remember none (imports). */
  signatureRoot: string | null;
  paths: VersionPaths;
  list(): Listing;
  /** Stat signatures again, for a version that changed while it was read. */
  relist(v: ListedVersion): ListedVersion;
}

export function cacheSource(lister: CacheLister, gomodcache: string): SnapshotSource {
  const layout = new CacheLayout(gomodcache);
  return {
    kind: 'snapshot',
    label: gomodcache,
    signatureRoot: layout.root,
    paths: layout,
    list: () => {
      if (!statSync(layout.root, { throwIfNoEntry: false })?.isDirectory())
        throw new EngineError(
          'PATH_INVALID',
          `The module cache ${layout.root} does not exist: there is nothing to back up.`,
          {
            path: layout.root,
            fix: 'If Go has not downloaded a module yet, there is nothing to back up yet. Otherwise check GOMODCACHE (modvault env) or pass --gomodcache DIR; if the cache was deleted, restore it (modvault restore).',
          },
        );
      return lister.listModuleCache(layout.root);
    },
    relist: (v) => relistVersion(layout.root, v),
  };
}

/** h1 of each version an export's manifest lists (the reference its zips are checked against). */
function readManifest(root: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path.join(root, EXPORT_MANIFEST), 'utf8');
  } catch {
    return new Map();
  }
  try {
    const m = JSON.parse(text) as { versions?: { path: string; version: string; h1: string }[] };
    return new Map(
      (m.versions ?? []).filter((v) => v.h1).map((v) => [`${v.path}@${v.version}`, v.h1]),
    );
  } catch (e) {
    throw new EngineError(
      'CORRUPT',
      `${EXPORT_MANIFEST} is not valid JSON (${(e as Error).message}).`,
      {
        path: path.join(root, EXPORT_MANIFEST),
        fix: 'Import the archive again from its original, or delete the manifest to import without it.',
      },
    );
  }
}

/** A GOPROXY tree (an unpacked export): its versions, checked against the manifest's h1. */
export function proxySource(root: string, label: string): SnapshotSource {
  const layout = new ProxyLayout(root);
  const manifest = readManifest(root);
  const versionOf = (m: { path: string; version: string }): ListedVersion => ({
    ...m,
    zip: statFile(layout.versionFile(m, 'zip')),
    ziphash: null,
    mod: statFile(layout.versionFile(m, 'mod')),
    info: statFile(layout.versionFile(m, 'info')),
    expectedH1: () => manifest.get(`${m.path}@${m.version}`) ?? null,
    treeDir: null,
  });
  return {
    kind: 'import',
    label,
    signatureRoot: null,
    paths: layout,
    relist: versionOf,
    list: () => {
      const versions: ListedVersion[] = [];
      const readdir = (dir: string) => readdirSync(dir, { withFileTypes: true });
      for (const vd of findVersionDirs(root, readdir)) {
        const modPath = tryUnescapePath(vd.escPath);
        if (modPath === null) continue;
        for (const name of readdirSync(vd.dir)) {
          if (!name.endsWith('.mod')) continue;
          const version = tryUnescapeVersion(name.slice(0, -'.mod'.length));
          if (version !== null && isCanonicalModuleVersion(version))
            versions.push(versionOf({ path: modPath, version }));
        }
      }
      return { versions, files: [], problems: [] };
    },
  };
}
