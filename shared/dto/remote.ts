import type { RestoreResult } from './restore';
import type { CheckProblem, ForgetDecision, SnapshotSummary } from './store';

/** A remote as `modvault remote list --json` shows it. */
export interface RemoteView {
  name: string;
  /** s3://BUCKET/PREFIX */
  url: string;
  bucket: string;
  prefix: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  /** Added with --encrypt: every object is encrypted with a key from a passphrase. */
  encrypted: boolean;
  /** 'saved': keys kept by the app (Settings); 'environment': AWS_* variables or ~/.aws. */
  credentials: 'saved' | 'environment';
  passphraseSaved: boolean;
  addedAt: string;
  /** What the last look at the remote found (no network needed to show it). */
  seen: { at: string; snapshots: string[] } | null;
  /** The GOPROXY URL for what `publish` writes (ENDPOINT/BUCKET/PREFIX). */
  goproxy: string;
}

/** Snapshot ids each remote was last seen to hold: the Snapshots page marks them as pushed. */
export interface PushedSnapshots {
  remote: string;
  snapshots: string[];
}

export interface RemoteSnapshot extends SnapshotSummary {
  pushedAt: string;
  pushedFrom: string;
}

export interface RemoteSnapshotList {
  remote: string;
  label: string;
  /** False when the prefix holds no ModVault repository yet (nothing was pushed). */
  repository: boolean;
  encrypted: boolean;
  snapshots: RemoteSnapshot[];
}

export interface PushResult {
  remote: string;
  /** Snapshots written to the remote now. */
  pushed: string[];
  /** Snapshots the remote held already. */
  alreadyThere: string[];
  blobsUploaded: number;
  /** Blobs the snapshots needed that the remote held already (from any machine). */
  blobsShared: number;
  packsUploaded: number;
  /** Packs an interrupted push had uploaded already: not sent again. */
  packsResumed: number;
  /** Bytes sent (packs, index and references). */
  bytesUploaded: number;
  durationMs: number;
}

export interface RemoteFetch {
  /** Range (or whole-object) GET requests for pack data. */
  requests: number;
  packs: number;
  bytes: number;
}

export interface RemoteRestoreResult extends RestoreResult {
  remote: string;
  fetched: RemoteFetch;
}

export interface PublishResult {
  remote: string;
  snapshot: string;
  /** What to set GOPROXY to (followed by ",off" to use nothing else). */
  goproxy: string;
  modules: number;
  versions: number;
  /** Versions of which only .mod and .info were cached: published without a zip. */
  modOnly: number;
  objectsWritten: number;
  /** Version files the bucket held already (a version never changes). */
  objectsSkipped: number;
  bytesUploaded: number;
  durationMs: number;
}

export interface RemoteCheckResult {
  remote: string;
  label: string;
  repository: boolean;
  encrypted: boolean;
  ok: boolean;
  snapshots: number;
  indexes: number;
  packs: number;
  packBytes: number;
  blobs: number;
  readDataPercent: number;
  packsRead: number;
  bytesRead: number;
  /** Whether the credentials may write (checked by writing and deleting a small object). */
  writable: boolean | null;
  problems: CheckProblem[];
  durationMs: number;
}

export interface RemotePruneResult {
  dryRun: boolean;
  packsDeleted: number;
  bytesFreed: number;
  /** Packs still needed in part: kept whole (their unused bytes). */
  packsKept: number;
  unusedBytesKept: number;
  indexesWritten: number;
  indexesDeleted: number;
}

export interface RemoteForgetResult {
  remote: string;
  dryRun: boolean;
  keep: ForgetDecision[];
  remove: ForgetDecision[];
  prune: RemotePruneResult | null;
}
