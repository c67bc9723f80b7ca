/** A summary of the build cache (GOCACHE): shards 00..ff of `<hash>-a` / `<hash>-d` entries. */
export interface BuildCacheStats {
  gocache: string;
  exists: boolean;
  /** GOCACHE=off: Go does not cache builds. */
  disabled: boolean;
  /** Action entries (-a) and outputs (-d). */
  actions: number;
  outputs: number;
  bytes: number;
  /** mtime range of the entries: Go refreshes an entry's mtime when a build uses it. */
  oldestUse: number | null;
  newestUse: number | null;
  /** From trim.txt: when Go last deleted entries unused for 5 days. */
  lastTrim: number | null;
  scannedAt: number;
}
