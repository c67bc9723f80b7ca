import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface RealToolchain {
  /** A GOPROXY directory serving golang.org/toolchain (list, .info, .mod, .zip). */
  proxyDir: string;
  /** "go1.27.3" */
  name: string;
  /** "v0.0.1-go1.27.3.linux-amd64" */
  version: string;
  zip: string;
}

const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${
  { x64: 'amd64', arm64: 'arm64', ia32: '386' }[process.arch as string] ?? process.arch
}`;

/**
 * The real golang.org/toolchain module CI fetches once (scripts/ci/fetch-toolchains.sh, into
 * ~/.cache/modvault-ci): tests serve it from a local file:// proxy. Absent on a developer's
 * machine: null, with a notice, and the tests that need it skip. In CI it must be there.
 */
export function realToolchain(): RealToolchain | null {
  const cache = process.env.MODVAULT_CI_CACHE ?? path.join(homedir(), '.cache', 'modvault-ci');
  const proxyDir = path.join(cache, 'toolchain-proxy');
  const at = path.join(proxyDir, 'golang.org', 'toolchain', '@v');
  const list = path.join(at, 'list');
  const version = existsSync(list)
    ? readFileSync(list, 'utf8')
        .split('\n')
        .find((v) => v.endsWith(`.${platform}`))
    : undefined;
  const zip = version ? path.join(at, `${version}.zip`) : '';
  if (!version || !existsSync(zip)) {
    const notice = `no real Go toolchain module for ${platform} under ${proxyDir}: run scripts/ci/fetch-toolchains.sh once (it fetches one through the real proxy)`;
    if (process.env.CI) throw new Error(`CI must provide it: ${notice}`);
    console.warn(`skipped: ${notice}`);
    return null;
  }
  const name = /^v0\.0\.1-(go.+)\.[^.]+$/.exec(version)![1]!;
  return { proxyDir, name, version, zip };
}
