import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotKind, SnapshotProblem } from '../../../shared/dto/store';
import { EngineError, errnoCode } from '../errors';
import { findVersionDirs } from '../gomod/cache-walk';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import { CacheLayout } from '../gomod/layout';
import { isCanonicalModuleVersion } from '../gomod/semver';
import type { CacheLister, Listing, ListedVersion } from './cache-lister';
import { linkProblem, relistVersion, statFile } from './cache-lister';
import { EXPORT_MANIFEST, MAX_MANIFEST_BYTES, parseExportManifest } from './export-manifest';
import { isNotRegular, readTextSync } from '../platform/no-follow';
import type { VersionPaths } from './proxy-layout';
import { ProxyLayout } from './proxy-layout';

/** What a snapshot reads: a module cache, or a GOPROXY tree being imported. */
export interface SnapshotSource {
  kind: SnapshotKind;
  /** Recorded as the snapshot's module cache: GOMODCACHE, or the imported path. */
  label: string;
  /** Root under which stat signatures are remembered; null to remember none (imports). */
  signatureRoot: string | null;
  paths: VersionPaths;
  list(signal?: AbortSignal): Promise<Listing>;
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
    list: async (signal) => {
      if (!statSync(layout.root, { throwIfNoEntry: false })?.isDirectory())
        throw new EngineError(
          'PATH_INVALID',
          `The module cache ${layout.root} does not exist: there is nothing to back up.`,
          {
            path: layout.root,
            fix: 'If Go has not downloaded a module yet, there is nothing to back up yet. Otherwise check GOMODCACHE (modvault env) or pass --gomodcache DIR; if the cache was deleted, restore it (modvault restore).',
          },
        );
      return lister.listModuleCache(layout.root, signal);
    },
    relist: (v) => relistVersion(layout.root, v),
  };
}

/** h1 of each version an export's manifest lists (the reference its zips are checked against). */
function readManifest(root: string): Map<string, string> {
  const file = path.join(root, EXPORT_MANIFEST);
  let text: string;
  try {
    text = readTextSync(file, { maxBytes: MAX_MANIFEST_BYTES });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return new Map();
    throw new EngineError(
      isNotRegular(e) ? 'UNSAFE_PATH' : 'CORRUPT',
      `The export manifest cannot be used: ${(e as Error).message}.`,
      {
        path: file,
        fix: 'Import an export written by `modvault export`, unchanged (or delete the manifest to import without it).',
        cause: e,
      },
    );
  }
  const m = parseExportManifest(text, file);
  return new Map(m.versions.filter((v) => v.h1).map((v) => [`${v.path}@${v.version}`, v.h1]));
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
    list: async () => {
      const versions: ListedVersion[] = [];
      const problems: SnapshotProblem[] = [];
      const readdir = (dir: string) => readdirSync(dir, { withFileTypes: true });
      const onLink = (full: string, e: Parameters<typeof linkProblem>[1]) =>
        problems.push(linkProblem(full, e));
      for (const vd of findVersionDirs(root, readdir, onLink)) {
        const modPath = tryUnescapePath(vd.escPath);
        if (modPath === null) continue;
        const found = new Map<string, boolean>();
        for (const e of readdir(vd.dir)) {
          const dot = e.name.lastIndexOf('.');
          const version = dot > 0 ? tryUnescapeVersion(e.name.slice(0, dot)) : null;
          const ofVersion = version !== null && isCanonicalModuleVersion(version);
          if (!e.isFile()) {
            // A version with a linked file is not imported at all: never half of it.
            const m = ofVersion ? { path: modPath, version } : null;
            if (!e.isDirectory()) problems.push(linkProblem(path.join(vd.dir, e.name), e, m));
            if (ofVersion) found.set(version, false);
          } else if (ofVersion && e.name.endsWith('.mod') && !found.has(version))
            found.set(version, true);
        }
        for (const [version, ok] of found)
          if (ok) versions.push(versionOf({ path: modPath, version }));
      }
      return { versions, files: [], problems };
    },
  };
}
