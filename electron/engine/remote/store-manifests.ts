/**
 * SEAM for the store's own snapshot manifests (issue #12, "store-integrity"): when the store
 * writes an immutable manifest file per snapshot, the merge replaces `noStoreManifests` in
 * compose.ts with a source that reads those files; push then uploads each one, sealed like
 * every object, to ".modvault/manifests/<snapshot id>/<name>" after the packs and before the
 * snapshot's reference. Nothing on the remote depends on them: the remote's own index and
 * reference documents restore a snapshot by themselves.
 */
export interface StoreManifestSource {
  manifests(snapshotId: string): Promise<{ name: string; bytes: Buffer }[]>;
}

export const noStoreManifests: StoreManifestSource = { manifests: async () => [] };
