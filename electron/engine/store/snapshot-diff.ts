import type { DiffResult, DiffVersion } from '../../../shared/dto/store';
import { CacheLayout } from '../gomod/layout';
import { readZipIndexSync } from '../gomod/zip-reader';
import { Yielder } from '../platform/yielder';
import type { CacheLister } from './cache-lister';
import type { Db } from './migrations';
import type { SnapshotCatalog, SnapshotRecord } from './snapshot-catalog';
import { contentSignature } from './version-plan';
import { VersionStore } from './version-store';

type Side = Map<string, DiffVersion>;

const key = (v: { path: string; version: string }) => `${v.path}@${v.version}`;

function compare(from: string, to: string, a: Side, b: Side): DiffResult {
  const result: DiffResult = {
    from,
    to,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    bytesAdded: 0,
    bytesRemoved: 0,
  };
  for (const [k, v] of b) {
    const old = a.get(k);
    if (!old) {
      result.added.push(v);
      result.bytesAdded += v.bytes;
    } else if (old.h1 !== v.h1 && old.h1 !== '' && v.h1 !== '') {
      result.changed.push({ path: v.path, version: v.version, fromH1: old.h1, toH1: v.h1 });
    } else {
      result.unchanged++;
    }
  }
  for (const [k, v] of a) {
    if (b.has(k)) continue;
    result.removed.push(v);
    result.bytesRemoved += v.bytes;
  }
  return result;
}

/** Module versions added, removed or changed between two snapshots, or a snapshot and the cache. */
export class SnapshotDiffer {
  constructor(private readonly lister: CacheLister) {}

  snapshots(catalog: SnapshotCatalog, a: SnapshotRecord, b: SnapshotRecord): DiffResult {
    return compare(a.id, b.id, this.side(catalog, a), this.side(catalog, b));
  }

  /** Against the module cache as it is now: a listing, plus zip directories of versions not in the store. */
  async current(
    db: Db,
    catalog: SnapshotCatalog,
    a: SnapshotRecord,
    gomodcache: string,
  ): Promise<DiffResult> {
    const layout = new CacheLayout(gomodcache);
    const versions = new VersionStore(db);
    const h1Of = db.prepare('SELECT h1, content_bytes AS bytes FROM module_versions WHERE id = ?');
    const now: Side = new Map();
    const yielder = new Yielder();
    for (const v of (await this.lister.listModuleCache(layout.root)).versions) {
      await yielder.maybeYield();
      const src = versions.source(layout.root, v.path, v.version);
      const stored =
        src && src.content_sig === contentSignature(v)
          ? (h1Of.get(src.version_id) as { h1: string; bytes: number } | undefined)
          : undefined;
      let bytes = stored?.bytes ?? 0;
      if (!stored && v.zip) {
        try {
          bytes = readZipIndexSync(layout.versionFile(v, 'zip'), true).contentBytes;
        } catch {
          bytes = v.zip.size;
        }
      }
      const h1 = stored?.h1 ?? v.expectedH1() ?? '';
      now.set(key(v), { path: v.path, version: v.version, h1, bytes });
    }
    return compare(a.id, 'current', this.side(catalog, a), now);
  }

  private side(catalog: SnapshotCatalog, s: SnapshotRecord): Side {
    return new Map(
      catalog
        .versions(s)
        .map((v) => [
          key(v),
          { path: v.path, version: v.version, h1: v.h1, bytes: v.contentBytes },
        ]),
    );
  }
}
