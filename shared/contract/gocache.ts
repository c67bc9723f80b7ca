import type { BuildCacheStats } from '../dto/build-cache';
import { job } from './define';
import { empty } from './schemas';

/** Build cache (GOCACHE) commands. */
export const gocacheCommands = {
  'gocache.stats': job<BuildCacheStats>()(empty),
};
