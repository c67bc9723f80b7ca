import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The newest releases of the Go-written peers, built from the Go module proxy once and cached
 * (~/.cache/modvault-bench/bin, or MODVAULT_BENCH_BIN). Pinned: a figure names the version it
 * was measured against, and a new release is a deliberate bump here.
 */
export const GO_PEERS = {
  restic: { module: 'github.com/restic/restic', pkg: './cmd/restic', version: 'v0.19.1' },
  kopia: { module: 'github.com/kopia/kopia', pkg: '.', version: 'v0.23.1' },
} as const;

export type GoPeer = keyof typeof GO_PEERS;

export function peerBinDir(): string {
  return process.env.MODVAULT_BENCH_BIN ?? path.join(homedir(), '.cache', 'modvault-bench', 'bin');
}

const goEnv = () => ({
  ...process.env,
  PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}`,
  // The bench's own GOFLAGS/GOPROXY (corpus settings) must not leak into the peers' build.
  GOFLAGS: '',
  GOPROXY: process.env.MODVAULT_BENCH_GOPROXY ?? 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
  GOTOOLCHAIN: 'local',
});

/**
 * The path of a peer's binary, building it when it is not cached yet: `go mod download` of the
 * pinned release, then `go build` inside the downloaded module (its own go.sum pins every
 * dependency). Not `go install pkg@version`: that asks the proxy for the module's version list,
 * which the proxy refuses for Kopia. Returns null (and why) when it cannot be built.
 */
export function goPeerBinary(
  name: GoPeer,
  log: (msg: string) => void,
): { bin: string | null; why: string | null; version: string } {
  const p = GO_PEERS[name];
  const bin = path.join(peerBinDir(), `${name}-${p.version}`);
  if (existsSync(bin)) return { bin, why: null, version: p.version };
  mkdirSync(peerBinDir(), { recursive: true });
  log(`building ${name} ${p.version} from the Go module proxy (once; cached in ${peerBinDir()})`);
  const dl = spawnSync('go', ['mod', 'download', '-json', `${p.module}@${p.version}`], {
    env: goEnv(),
    cwd: peerBinDir(),
    encoding: 'utf8',
  });
  const dir = dl.status === 0 ? (JSON.parse(dl.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir)
    return {
      bin: null,
      why: `go mod download failed: ${dl.stderr.slice(-500)}`,
      version: p.version,
    };
  const tmp = `${bin}.tmp`;
  const build = spawnSync('go', ['build', '-trimpath', '-o', tmp, p.pkg], {
    env: goEnv(),
    cwd: dir,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    return { bin: null, why: `go build failed: ${build.stderr.slice(-500)}`, version: p.version };
  renameSync(tmp, bin);
  return { bin, why: null, version: p.version };
}
