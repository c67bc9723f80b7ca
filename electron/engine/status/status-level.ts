import type { AppStatus, StatusLevel, StatusReason } from '../../../shared/dto/status';

type Inputs = Pick<AppStatus, 'activeJobs' | 'lastFailure' | 'cache' | 'verify' | 'cacheLost'> &
  Partial<Pick<AppStatus, 'health'>>;

const LEVEL_OF: Record<StatusReason['kind'], StatusLevel> = {
  'job-failed': 'error',
  'verify-errors': 'error',
  'cache-missing': 'warning',
  'cache-lost': 'warning',
  'cache-damaged': 'warning',
  'verify-warnings': 'warning',
  environment: 'warning',
  'store-damaged': 'error',
  'store-blobs-damaged': 'warning',
  'job-running': 'running',
};
const RANK: Record<StatusLevel, number> = { idle: 0, running: 1, warning: 2, error: 3 };

/**
 * The tray's state: a failed job or verification errors (possible tampering) are errors; a
 * missing or damaged cache is a warning with a fix at hand; otherwise running or idle.
 */
export function statusLevel(s: Inputs): { level: StatusLevel; reasons: StatusReason[] } {
  const reasons: StatusReason[] = [];
  if (s.lastFailure)
    reasons.push({
      kind: 'job-failed',
      title: s.lastFailure.title,
      message: s.lastFailure.message,
    });
  if (s.verify && s.verify.errors > 0)
    reasons.push({ kind: 'verify-errors', count: s.verify.errors });
  for (const l of s.cacheLost)
    reasons.push({
      kind: 'cache-lost',
      cache: l.cache,
      gone: l.gone,
      snapshot: l.snapshot?.id ?? null,
    });
  // The watcher's alarm says more than an old scan that found the cache missing; a cache Go
  // never created is a first run, not a warning.
  if (
    s.cache &&
    !s.cache.exists &&
    !s.cache.firstRun &&
    !s.cacheLost.some((l) => l.cache === 'gomodcache')
  )
    reasons.push({ kind: 'cache-missing', path: s.cache.gomodcache });
  if (s.cache && s.cache.exists && s.cache.damaged > 0)
    reasons.push({ kind: 'cache-damaged', count: s.cache.damaged });
  if (s.verify && s.verify.warnings > 0)
    reasons.push({ kind: 'verify-warnings', count: s.verify.warnings });
  const env = s.health?.environment;
  if (env && env.errors + env.warnings > 0)
    reasons.push({ kind: 'environment', errors: env.errors, warnings: env.warnings });
  const store = s.health?.store;
  if (store?.damage)
    reasons.push({ kind: 'store-damaged', store: store.store, message: store.damage.message });
  else if (store && store.snapshots.length > 0)
    reasons.push({
      kind: 'store-blobs-damaged',
      blobs: store.damagedBlobs,
      snapshots: store.snapshots.length,
    });
  for (const j of s.activeJobs) reasons.push({ kind: 'job-running', title: j.title });
  const levelOf = (r: StatusReason): StatusLevel =>
    r.kind === 'environment' && r.errors > 0 ? 'error' : LEVEL_OF[r.kind];
  reasons.sort((a, b) => RANK[levelOf(b)] - RANK[levelOf(a)]);
  const level = reasons.length ? levelOf(reasons[0]!) : 'idle';
  return { level, reasons };
}
