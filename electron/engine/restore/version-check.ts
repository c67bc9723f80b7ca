import { readFileSync } from 'node:fs';
import type { ModuleVersionInfo } from '../../../shared/dto/cache';
import type { RestorePart, RestoreStatus } from '../../../shared/dto/restore';
import type { CacheLayout, ModuleVersion } from '../gomod/layout';
import { isFileProblem } from '../gomod/file-problem';
import { sha256Hex } from '../gomod/h1';
import type { WorkerPool } from '../platform/worker-pool';

/** What the snapshot can give for a version, and what the scope needs of it. */
export interface Wanted {
  h1: string;
  /** The h1 of the extracted tree: the same, unless the zip has directory entries. */
  treeH1: string;
  /** The zip and ziphash (and the tree in full mode) are wanted. */
  content: boolean;
  tree: boolean;
  /** Hex SHA-256 of the stored .mod (null: none stored, synthesized from the zip). */
  modSha256: string | null;
  info: boolean;
}

export interface Verdict {
  status: RestoreStatus;
  reason: string | null;
  /** Parts missing from the cache (for missing/incomplete versions). */
  missing: RestorePart[];
}

export interface CheckOptions {
  /** Hash extracted trees too (full mode with --repair). */
  deep: boolean;
  signal?: AbortSignal;
}

/** Scanner findings that mean a file is there but broken (a missing .mod is a missing part). */
const DAMAGE = new Set(['zip-unreadable', 'ziphash-invalid', 'info-invalid', 'mod-unreadable']);

/**
 * Compares one version of the cache with what the snapshot holds, trusting nothing it has not
 * hashed: a zip is hashed before it is called sound, a tree without zip and .ziphash before a
 * .ziphash is written next to it (that would make Go take it for complete).
 */
export class VersionCheck {
  constructor(private readonly pool: WorkerPool) {}

  async check(
    layout: CacheLayout,
    want: Wanted,
    s: ModuleVersionInfo | undefined,
    opts: CheckOptions,
  ): Promise<Verdict> {
    try {
      return await this.compare(layout, want, s, opts);
    } catch (e) {
      // Whatever cannot be read of one version (a zip that does not inflate, a tree that cannot
      // be listed) makes that version damaged; it never fails the plan of the others.
      if (!isFileProblem(e)) throw e;
      return { status: 'damaged', reason: `cannot be read: ${e.message}`, missing: [] };
    }
  }

  private async compare(
    layout: CacheLayout,
    want: Wanted,
    s: ModuleVersionInfo | undefined,
    opts: CheckOptions,
  ): Promise<Verdict> {
    const all: RestorePart[] = [
      ...(want.content ? (['zip', 'ziphash'] as const) : []),
      'mod',
      ...(want.info ? (['info'] as const) : []),
      ...(want.tree ? (['tree'] as const) : []),
    ];
    if (!s) return { status: 'missing', reason: null, missing: all };
    const m: ModuleVersion = { path: s.path, version: s.version };
    const damage: string[] = s.problems.filter((p) => DAMAGE.has(p.kind)).map((p) => p.detail);
    const missing: RestorePart[] = [];
    if (!s.mod) missing.push('mod');
    else if (want.modSha256 && !damage.length && this.modSha(layout, m) !== want.modSha256)
      damage.push('the .mod differs from the snapshot');
    if (want.info && !s.info) missing.push('info');
    if (want.content && !damage.length) {
      const contentDamage = await this.checkContent(layout, want, s, missing, opts);
      if (contentDamage) damage.push(contentDamage);
    }
    if (damage.length) return { status: 'damaged', reason: damage.join('; '), missing: [] };
    if (missing.length === 0) return { status: 'present', reason: null, missing };
    return { status: 'incomplete', reason: `missing ${missing.join(', ')}`, missing };
  }

  /** Zip, .ziphash and tree: returns what is wrong, or adds what is missing. */
  private async checkContent(
    layout: CacheLayout,
    want: Wanted,
    s: ModuleVersionInfo,
    missing: RestorePart[],
    opts: CheckOptions,
  ): Promise<string | null> {
    const m = { path: s.path, version: s.version };
    if (s.ziphash && s.ziphash !== want.h1)
      return `the cache holds other contents (${s.ziphash}) than the snapshot (${want.h1})`;
    if (s.zip) {
      const zip = await this.pool.run(
        'hashZip',
        { zipPath: layout.versionFile(m, 'zip'), module: m },
        opts.signal,
      );
      if (zip.problems.length) return `invalid zip: ${zip.problems[0]}`;
      if (zip.h1 !== want.h1) return `zip has been modified: it hashes to ${zip.h1}`;
    } else missing.push('zip');
    if (!s.ziphash) missing.push('ziphash');
    const partial = s.state === 'partial';
    // Writing the zip or .ziphash next to an unverified tree would bless it: hash it first.
    const blesses = !s.zip && !s.ziphash;
    if (s.extracted && !partial && (opts.deep || blesses)) {
      const tree = await this.pool.run(
        'hashTree',
        { dir: layout.treeDir(m), prefix: `${m.path}@${m.version}` },
        opts.signal,
      );
      if (tree.h1 !== want.treeH1) return `dir has been modified: the tree hashes to ${tree.h1}`;
    }
    if (want.tree && (!s.extracted || partial)) missing.push('tree');
    return null;
  }

  private modSha(layout: CacheLayout, m: ModuleVersion): string | null {
    try {
      return sha256Hex(readFileSync(layout.versionFile(m, 'mod')));
    } catch {
      return null;
    }
  }
}
