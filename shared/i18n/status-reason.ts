import type { StatusReason } from '../dto/status';
import type { Translate } from './catalog';

/** One status reason as a sentence: the tray's tooltip and the dashboard's banner say the same. */
export function statusReasonText(t: Translate, r: StatusReason): string {
  switch (r.kind) {
    case 'job-running':
      return t('reason.job-running', { title: r.title });
    case 'job-failed':
      return t('reason.job-failed', { title: r.title, message: r.message });
    case 'cache-missing':
      return t('reason.cache-missing', { path: r.path });
    case 'cache-lost':
      return t(r.cache === 'gomodcache' ? 'reason.cache-lost' : 'reason.build-cache-lost', {
        n: r.gone,
      });
    case 'cache-damaged':
      return t('reason.cache-damaged', { n: r.count });
    case 'verify-errors':
      return t('reason.verify-errors', { n: r.count });
    case 'verify-warnings':
      return t('reason.verify-warnings', { n: r.count });
    case 'environment':
      return t('reason.environment', { errors: r.errors, warnings: r.warnings });
    case 'store-damaged':
      return t('reason.store-damaged', { path: r.store });
    case 'store-blobs-damaged':
      return t('reason.store-blobs-damaged', { n: r.blobs, snapshots: r.snapshots });
  }
}
