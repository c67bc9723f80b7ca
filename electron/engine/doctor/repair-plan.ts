import type { ProblemKind } from '../../../shared/dto/cache';
import type { FixAction } from '../../../shared/dto/doctor';
import type { ModuleVersion } from '../gomod/layout';
import type { RefetchScope } from './snapshot-port';
import type { VersionFacts } from './version-facts';
import { trustedModH1, zipIsGood } from './version-facts';

/** The repair of one version: each step re-creates parts from something trusted. */
export interface VersionRepair {
  version: ModuleVersion;
  facts: VersionFacts;
  findingIds: string[];
  /** Fetch these parts again (from a snapshot when one holds the version, else the proxy). */
  refetch: Set<RefetchScope>;
  rebuildZiphash: boolean;
  rebuildMod: boolean;
  reextractTree: boolean;
  snapshotId: string | null;
  /** go.sum lines to rewrite with the hash the witnesses agree on. */
  gosumFixes: GoSumFix[];
}

/** One wrong go.sum line: "<path> <version>[/go.mod] <h1>" becomes the same with `h1`. */
export interface GoSumFix {
  file: string;
  /** "<path> <version>" or "<path> <version>/go.mod". */
  key: string;
  from: string;
  to: string;
}

/** Problems about the zip or its hash: fixed from the zip when it is good, else by fetching. */
const ZIP_KINDS = new Set<ProblemKind>([
  'zip-mismatch',
  'zip-unreadable',
  'zip-invalid',
  'tree-only',
  'gosum-mismatch',
  'ziphash-invalid',
  'ziphash-missing',
]);
const TREE_KINDS = new Set<ProblemKind>(['partial', 'tree-mismatch', 'tree-unreadable']);

export function newRepair(
  version: ModuleVersion,
  facts: VersionFacts,
  snapshotId: string | null,
): VersionRepair {
  return {
    version,
    facts,
    findingIds: [],
    refetch: new Set(),
    rebuildZiphash: false,
    rebuildMod: false,
    reextractTree: false,
    snapshotId,
    gosumFixes: [],
  };
}

/** Adds what fixes `kind` to the version's repair; false when no repair exists for it. */
export function addToRepair(r: VersionRepair, kind: ProblemKind, findingId: string): boolean {
  const good = zipIsGood(r.facts);
  if (ZIP_KINDS.has(kind)) {
    // A good zip with a wrong .ziphash (checked against go.sum or the tree): only the hash is off.
    if (good) r.rebuildZiphash = true;
    else r.refetch.add('zip');
  } else if (TREE_KINDS.has(kind)) {
    if (good) r.reextractTree = true;
    else r.refetch.add('zip');
  } else if (kind === 'mod-missing' || kind === 'mod-unreadable') {
    if (good) r.rebuildMod = true;
    else r.refetch.add('mod');
  } else if (kind === 'mod-mismatch') {
    // The zip's own go.mod is what the .mod must hold, when the zip is good and it matches.
    const want = trustedModH1(r.facts);
    if (good && want && r.facts.zipGoModH1 === want) r.rebuildMod = true;
    else r.refetch.add('mod');
  } else if (kind === 'info-invalid') r.refetch.add('info');
  else return false;
  r.findingIds.push(findingId);
  // Fetching the zip again replaces zip, hash and tree at once: the finer repairs are moot.
  if (r.refetch.has('zip')) {
    r.rebuildZiphash = false;
    r.reextractTree = false;
  }
  return true;
}

/** The step of a finished repair that takes care of a problem of `kind`. */
export function actionFor(r: VersionRepair, kind: ProblemKind): FixAction | undefined {
  const refetch: FixAction = r.snapshotId ? 'restore-from-snapshot' : 'redownload';
  if (ZIP_KINDS.has(kind)) return r.rebuildZiphash ? 'rebuild-ziphash' : refetch;
  if (TREE_KINDS.has(kind)) return r.reextractTree ? 'reextract-tree' : refetch;
  if (kind === 'mod-missing' || kind === 'mod-unreadable' || kind === 'mod-mismatch')
    return r.rebuildMod ? 'rebuild-mod' : refetch;
  if (kind === 'info-invalid') return refetch;
  return undefined;
}
