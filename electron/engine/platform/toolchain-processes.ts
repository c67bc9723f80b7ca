import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ProcessLister, RawProcess } from './process-list';

export const TOOLCHAIN_PROCESS_NAMES = new Set(['go', 'gopls']);

export interface CacheTargets {
  gomodcache?: string;
  gocache?: string;
}

export interface ToolchainProcess {
  pid: number;
  name: string;
  command: string;
}

function same(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync.native(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** The caches a go process uses, from its environment (the go env file is not read). */
export function cachesOf(env: Record<string, string>): { gomodcache: string; gocache: string } {
  const home = env.HOME ?? env.USERPROFILE ?? '';
  const gopath = (env.GOPATH ?? '').split(path.delimiter).find(Boolean) ?? path.join(home, 'go');
  const gomodcache =
    env.GOMODCACHE && path.isAbsolute(env.GOMODCACHE)
      ? env.GOMODCACHE
      : path.join(gopath, 'pkg', 'mod');
  const cacheHome = env.XDG_CACHE_HOME || path.join(home, '.cache');
  const gocache = env.GOCACHE || path.join(cacheHome, 'go-build');
  return { gomodcache, gocache };
}

/**
 * Finds go and gopls processes that may be using the given caches. There is no global "go is
 * running" lock and gopls reads extracted trees without locking, so whole-cache operations must
 * not start while one runs. A process is ignored only when we can tell it uses other caches
 * (its environment names them) or, for an unprivileged user, when it belongs to someone else.
 */
export class ToolchainProcesses {
  constructor(
    private readonly lister: ProcessLister,
    private readonly selfUid: number | null,
    private readonly selfPid: number = process.pid,
  ) {}

  async find(targets: CacheTargets): Promise<ToolchainProcess[]> {
    const all = await this.lister.list();
    return all
      .filter((p) => TOOLCHAIN_PROCESS_NAMES.has(p.name) && p.pid !== this.selfPid)
      .filter((p) => this.mayUse(p, targets))
      .map(({ pid, name, command }) => ({ pid, name, command }));
  }

  private mayUse(p: RawProcess, targets: CacheTargets): boolean {
    if (this.selfUid !== null && this.selfUid !== 0 && p.uid !== null && p.uid !== this.selfUid)
      return false;
    if (p.env === null) return true;
    const used = cachesOf(p.env);
    return (
      (targets.gomodcache !== undefined && same(used.gomodcache, targets.gomodcache)) ||
      (targets.gocache !== undefined && same(used.gocache, targets.gocache))
    );
  }
}

/** "go (pid 123): go build ./..." lines for messages. */
export function describeProcesses(list: ToolchainProcess[]): string {
  return list.map((p) => `${p.name} (pid ${p.pid}): ${p.command.slice(0, 120)}`).join('; ');
}
