import type { Readable } from 'node:stream';
import { compareSemver, isPseudoVersion } from '../gomod/semver';
import type { BlobReader } from '../store/blob-reader';
import { moduleZip, moduleZipSize } from '../store/module-zip-builder';
import type { CatalogVersion, SnapshotCatalog, SnapshotRecord } from '../store/snapshot-catalog';

/** The versions `list` names: tagged ones with a zip, in semver order (no pseudo-versions). */
export function listedVersions(versions: readonly string[]): string[] {
  return versions.filter((v) => !isPseudoVersion(v)).sort(compareSemver);
}

/** Go's proxy rule for @latest: the highest release, else the highest pre-release. */
export function latestVersion(versions: readonly string[]): string | undefined {
  const sorted = [...versions].sort((a, b) => compareSemver(b, a));
  return sorted.find((v) => !v.includes('-')) ?? sorted[0];
}

/**
 * What the GOPROXY protocol's files hold for a snapshot — list, @latest, .info, .mod, .zip —
 * whoever serves them: the local proxy (`modvault serve`) or a bucket (`modvault publish`).
 * Versions of which only .mod/.info were cached get .info and .mod but no zip and stay out of
 * list and @latest, as the go command expects of a proxy.
 */
export class ProxyFiles {
  /** Module path → its versions in the snapshot. */
  readonly modules = new Map<string, CatalogVersion[]>();

  constructor(
    readonly snapshot: SnapshotRecord,
    private readonly catalog: SnapshotCatalog,
    private readonly blobs: BlobReader,
  ) {
    for (const v of catalog.versions(snapshot)) {
      const list = this.modules.get(v.path) ?? [];
      list.push(v);
      this.modules.set(v.path, list);
    }
  }

  static hasZip(v: CatalogVersion): boolean {
    return v.source !== 'none';
  }

  list(modulePath: string): string {
    const versions = (this.modules.get(modulePath) ?? []).filter(ProxyFiles.hasZip);
    return listedVersions(versions.map((v) => v.version))
      .map((v) => `${v}\n`)
      .join('');
  }

  latest(modulePath: string): CatalogVersion | undefined {
    const versions = (this.modules.get(modulePath) ?? []).filter(ProxyFiles.hasZip);
    const v = latestVersion(versions.map((x) => x.version));
    return versions.find((x) => x.version === v);
  }

  info(v: CatalogVersion): Buffer {
    return v.infoBlob !== null
      ? this.blobs.content(v.infoBlob)
      : Buffer.from(JSON.stringify({ Version: v.version }));
  }

  /** The stored .mod; else the zip's go.mod, or the one Go synthesizes for modules without. */
  mod(v: CatalogVersion): Buffer {
    if (v.modBlob !== null) return this.blobs.content(v.modBlob);
    const goMod = this.catalog.versionFiles(v.versionId).find((f) => f.name === 'go.mod');
    return goMod ? this.blobs.content(goMod.blobId) : Buffer.from(`module ${v.path}\n`);
  }

  /** The module zip rebuilt from the stored deflate streams, and its exact size. */
  zip(v: CatalogVersion): { size: number; stream: () => Readable } {
    const files = this.catalog.versionFiles(v.versionId);
    const prefix = `${v.path}@${v.version}/`;
    return {
      size: moduleZipSize(prefix, files, this.blobs),
      stream: () => moduleZip(prefix, files, this.blobs),
    };
  }
}
