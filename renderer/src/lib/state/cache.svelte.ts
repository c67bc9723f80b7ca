import type { EngineClient } from '../../../../shared/client';
import type { BuildCacheStats } from '../../../../shared/dto/build-cache';
import type { ScanReport, VerifyReport } from '../../../../shared/dto/cache';
import type { GoEnvReport } from '../../../../shared/dto/env';
import { Resource } from './resource.svelte';

/**
 * The caches as the engine last saw them. Results of jobs started anywhere (another tab, the
 * tray) update the same resources, so every page shows the newest scan.
 */
export class CacheState {
  readonly env = new Resource<GoEnvReport>();
  readonly scan = new Resource<ScanReport>();
  readonly verify = new Resource<VerifyReport>();
  readonly gocache = new Resource<BuildCacheStats>();

  constructor(private readonly client: EngineClient) {
    client.on('job.finished', ({ job, result }) => {
      if (job.status !== 'succeeded') return;
      if (job.command === 'cache.scan') this.scan.set(result as ScanReport);
      if (job.command === 'cache.verify') this.verify.set(result as VerifyReport);
      if (job.command === 'gocache.stats') this.gocache.set(result as BuildCacheStats);
    });
  }

  loadEnv(refresh = false) {
    return this.env.load(() => this.client.query('env.get', { refresh }));
  }

  rescan() {
    return this.scan.load((onStarted) => this.client.runJob('cache.scan', {}, { onStarted }));
  }

  runVerify(deep: boolean, projects: string[] = []) {
    return this.verify.load((onStarted) =>
      this.client.runJob('cache.verify', { deep, projects }, { onStarted }),
    );
  }

  measureGocache() {
    return this.gocache.load((onStarted) => this.client.runJob('gocache.stats', {}, { onStarted }));
  }
}
