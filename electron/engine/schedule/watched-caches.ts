import { release } from 'node:os';
import type { AuditLog } from '../clean/audit-log';
import type { BackupStore } from '../store/backup-store';
import type { GoEnvService } from '../toolchain/go-env';
import { BuildCacheMonitor } from './build-cache-monitor';
import type { CacheMonitor } from './cache-monitor';
import { ModuleCacheMonitor } from './module-cache-monitor';

/** GOMODCACHE, and GOCACHE unless it is off, as go env reports them. */
export async function watchedCaches(
  goEnv: GoEnvService,
  deps: { store: BackupStore; audit: AuditLog },
): Promise<CacheMonitor[]> {
  const monitors: CacheMonitor[] = [new ModuleCacheMonitor(await goEnv.gomodcache(), deps)];
  const gocache = await goEnv.gocache();
  if (gocache && gocache !== 'off') monitors.push(new BuildCacheMonitor(gocache, deps));
  return monitors;
}

/**
 * Whether filesystem events on a folder can be trusted. WSL's Windows drives (/mnt/c…) deliver
 * none for changes made from Windows, so there only the periodic listing counts.
 */
export function eventsWorkFor(platform: NodeJS.Platform, osRelease = release()) {
  const wsl = platform === 'linux' && /microsoft/i.test(osRelease);
  return (dir: string): boolean => !(wsl && /^\/mnt\/[a-z]\//i.test(dir));
}
