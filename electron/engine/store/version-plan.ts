import { readFileSync, statSync } from 'node:fs';
import type { SnapshotProblem } from '../../../shared/dto/store';
import { errnoCode } from '../errors';
import { parseInfoFile } from '../gomod/info-file';
import { compareSemver } from '../gomod/semver';
import { encodeContent } from './blob-encoding';
import type { BlobSink } from './blob-sink';
import type { FileStat, ListedVersion } from './cache-lister';
import type { IngestedVersion } from './version-ingest';
import type { VersionSourceRow, VersionStore } from './version-store';

/** A .mod or .info file: reused from the last snapshot (id) or stored now (sha256, pack seq). */
export interface SmallFile {
  sig: string;
  id: number | null;
  /** Hex. */
  sha256: string | null;
  seq: number;
}

/** What a snapshot does with one module version of the cache. */
export interface VersionPlan {
  v: ListedVersion;
  contentSig: string;
  src: VersionSourceRow | undefined;
  /** Set when the contents are in the store already (or once committed). */
  versionId: number | null;
  /** What must be read: the zip, the extracted tree, nothing (only .mod/.info), or null. */
  read: 'zip' | 'tree' | 'none' | null;
  mod: SmallFile;
  info: SmallFile;
  ingested: IngestedVersion | null;
  created: boolean;
  problem: SnapshotProblem | null;
}

const NO_FILE: SmallFile = { sig: '', id: null, sha256: null, seq: 0 };

/** Changes whenever the files that make up the version's contents are rewritten. */
export function contentSignature(v: ListedVersion): string {
  // A rewritten .ziphash changes its ctime: its contents need no reading to tell.
  const hash = v.ziphash?.sig ?? '';
  if (v.zip) return `zip:${v.zip.sig}:${hash}`;
  if (v.treeDir) {
    const st = statSync(v.treeDir, { bigint: true, throwIfNoEntry: false });
    return `tree:${st?.mtimeNs ?? ''}:${hash}`;
  }
  return 'none';
}

/**
 * Decides how to get a version's contents: unchanged since the last snapshot of this cache, or
 * (for a cache not seen before) already in the store under the h1 its .ziphash names — either
 * way never read again.
 */
export function planVersion(
  v: ListedVersion,
  root: string | null,
  versions: VersionStore,
): VersionPlan {
  const contentSig = contentSignature(v);
  const src = root === null ? undefined : versions.source(root, v.path, v.version);
  const plan: VersionPlan = {
    v,
    contentSig,
    src,
    versionId: null,
    read: null,
    mod: NO_FILE,
    info: NO_FILE,
    ingested: null,
    created: false,
    problem: null,
  };
  const readable = v.zip !== null || v.treeDir !== null;
  const damaged = (id: number | undefined) => id !== undefined && versions.isDamaged(id);
  // A version with a damaged or lost file is read again where the cache has it: that heals it.
  if (src && src.content_sig === contentSig && !(readable && damaged(src.version_id)))
    plan.versionId = src.version_id;
  else if (!readable) {
    plan.versionId = versions.find(v.path, v.version, '') ?? null;
    plan.read = plan.versionId === null ? 'none' : null;
  } else {
    // A cache seen for the first time (moved, copied, restored) whose .ziphash names contents
    // the store has: nothing to read. A file that changed since the last snapshot is read
    // again (cheaply: its unchanged deflate streams are recognized), which catches tampering.
    const h1 = src ? null : v.expectedH1();
    const known = h1 ? versions.find(v.path, v.version, h1) : undefined;
    if (known !== undefined && !damaged(known)) plan.versionId = known;
    else plan.read = v.zip ? 'zip' : 'tree';
  }
  return plan;
}

/** Whether the plan changes what the index records for this cache. */
export function planChanges(p: VersionPlan): boolean {
  return (
    p.src === undefined ||
    p.src.content_sig !== p.contentSig ||
    p.src.mod_sig !== p.mod.sig ||
    p.src.info_sig !== p.info.sig
  );
}

/**
 * Reads a .mod or .info whose signature changed (tiny files: read and compressed right here)
 * and stores it; reports unreadable files and unusable .info files.
 */
export function storeSmallFile(
  stat: FileStat | null,
  file: string,
  previous: { sig: string; blob: number | null } | null,
  sink: BlobSink,
  problem: (p: Pick<SnapshotProblem, 'kind' | 'detail' | 'file'>) => void,
  damaged: (blobId: number) => boolean,
  infoVersion?: string,
): SmallFile {
  if (!stat) return NO_FILE;
  if (previous && previous.sig === stat.sig && previous.blob !== null && !damaged(previous.blob))
    return { sig: stat.sig, id: previous.blob, sha256: null, seq: 0 };
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (e) {
    const code = errnoCode(e);
    if (code !== 'ENOENT')
      problem({ kind: 'unreadable', detail: `cannot read ${file} (${code})`, file });
    return NO_FILE;
  }
  if (infoVersion !== undefined) {
    const { problem: bad } = parseInfoFile(content.toString('utf8'), infoVersion);
    if (bad) problem({ kind: 'info-invalid', detail: bad, file });
  }
  const enc = encodeContent(content);
  return {
    sig: stat.sig,
    id: null,
    sha256: enc.meta.sha256.toString('hex'),
    seq: sink.put(enc.meta, enc.stored),
  };
}

/**
 * Orders versions so that consecutive ones belong to different modules: versions of one module
 * share most files, and reading them one after the other (not side by side) lets each find the
 * previous one's deflate streams already known instead of inflating them twice.
 */
export function interleaveByModule(plans: VersionPlan[]): VersionPlan[] {
  const byModule = new Map<string, VersionPlan[]>();
  for (const p of plans) {
    const list = byModule.get(p.v.path) ?? [];
    list.push(p);
    byModule.set(p.v.path, list);
  }
  const lists = [...byModule.values()].map((l) =>
    l.sort((a, b) => compareSemver(a.v.version, b.v.version)),
  );
  const out: VersionPlan[] = [];
  for (let round = 0; out.length < plans.length; round++)
    for (const l of lists) if (l[round]) out.push(l[round]!);
  return out;
}
