import type { ScanReport, VerifyReport } from '../dto/cache';
import { query } from './define';
import { empty } from './schemas';

export interface LatestCacheResults {
  scan: ScanReport | null;
  verify: VerifyReport | null;
  /** A scan job is running: its result arrives with job.finished. */
  scanning: boolean;
}

/** The newest scan and verification, whoever ran them (startup, another window, the tray). */
export const cacheResultCommands = {
  'cache.latest': query<LatestCacheResults>()(empty),
};
