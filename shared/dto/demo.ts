/** The demo cache (`modvault demo`, the first-run button): a small real module cache. */
export interface DemoInfo {
  /** Its own GOMODCACHE, under the app-data folder; used instead of the real one while active. */
  gomodcache: string;
  /** A Go project that uses most of it (builds offline against it). */
  project: string;
  modules: number;
  versions: number;
  createdAt: number;
}
