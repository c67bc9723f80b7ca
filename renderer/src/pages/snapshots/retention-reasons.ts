import type { MessageKey, Translate } from '../../../../shared/i18n';

// forget names why it keeps a snapshot with fixed English phrases (one per rule): shown translated.
const KEYS: Record<string, MessageKey> = {
  'last snapshot': 'snapshots.reason.last',
  'hourly snapshot': 'snapshots.reason.hourly',
  'daily snapshot': 'snapshots.reason.daily',
  'weekly snapshot': 'snapshots.reason.weekly',
  'monthly snapshot': 'snapshots.reason.monthly',
  'yearly snapshot': 'snapshots.reason.yearly',
};

export function reasonText(t: Translate, reason: string): string {
  const key = KEYS[reason];
  return key ? t(key as 'snapshots.reason.last') : reason;
}
