export const GO_ENV_VARS = [
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOENV',
  'GOFLAGS',
  'GOPROXY',
  'GONOPROXY',
  'GOPRIVATE',
  'GONOSUMDB',
  'GOSUMDB',
  'GOVERSION',
  'GOROOT',
  'GOOS',
  'GOARCH',
] as const;
export type GoEnvVar = (typeof GO_ENV_VARS)[number];

/** Where a value came from: the go command, ModVault's computed default, or an override. */
/** Where a value came from; 'demo': the demo cache is in use (`modvault demo`). */
export type GoEnvSource = 'go' | 'default' | 'override' | 'env-file' | 'demo';

export interface GoEnvReport {
  go: { found: boolean; binary: string; version: string | null; error: string | null };
  vars: Record<GoEnvVar, string>;
  sources: Record<GoEnvVar, GoEnvSource>;
  /** GOPATH split into its entries; GOPATH[0] holds pkg/mod and pkg/sumdb. */
  gopathList: string[];
  gomodcache: string;
  gocache: string;
  /** Directory of GOPATH[0]/pkg/sumdb (kept by backups, left alone by go clean -modcache). */
  sumdbDir: string;
}
