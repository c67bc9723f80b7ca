/**
 * The store's own snapshot manifests (store/store-manifest-source.ts): push uploads each one,
 * sealed like every object, to ".modvault/manifests/<snapshot id>/<name>" after the packs and
 * before the snapshot's reference. Nothing on the remote depends on them: the remote's own index
 * and reference documents restore a snapshot by themselves.
 */
export interface StoreManifestSource {
  manifests(snapshotId: string): Promise<{ name: string; bytes: Buffer }[]>;
}
