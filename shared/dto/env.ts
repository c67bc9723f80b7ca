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

/**
 * Where a value came from: the process environment, the `go env -w` file (GOENV), Go's default
 * (or ModVault's computed one when Go is missing), a --gomodcache/--gocache override, or 'demo':
 * the demo cache is in use (`modvault demo`).
 */
export type GoEnvSource = 'environment' | 'env-file' | 'default' | 'override' | 'demo';
export const GO_ENV_SOURCES = ['environment', 'env-file', 'default', 'override', 'demo'] as const;

export interface GoEnvReport {
  go: { found: boolean; binary: string; version: string | null; error: string | null };
  vars: Record<GoEnvVar, string>;
  sources: Record<GoEnvVar, GoEnvSource>;
  /**
   * GOTOOLCHAIN as the user's go command sees it (ModVault itself runs go with
   * GOTOOLCHAIN=local): from the environment, the GOENV file, or $GOROOT/go.env ("auto").
   */
  gotoolchain: { value: string; source: GoEnvSource };
  /** Whether `go env -changed` (Go ≥ 1.23) confirmed the attribution. */
  changedChecked: boolean;
  /** GOPATH split into its entries; GOPATH[0] holds pkg/mod and pkg/sumdb. */
  gopathList: string[];
  gomodcache: string;
  gocache: string;
  /** Directory of GOPATH[0]/pkg/sumdb (kept by backups, left alone by go clean -modcache). */
  sumdbDir: string;
}
