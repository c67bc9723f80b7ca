import type { AppStatus, StatusReason } from '../../shared/dto/status';
import type { I18n, MessageKey } from '../../shared/i18n';

// The tray's content as plain data (no Electron import): unit-tested, then turned into a Menu.

export type TrayAction =
  | { kind: 'open'; route?: string }
  | { kind: 'command'; cmd: string; req: unknown }
  | { kind: 'quit' };

export interface TrayItem {
  label: string;
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
  separator?: boolean;
}

/**
 * Menu entries that need a feature declare the contract command behind it; they appear when the
 * engine has that command (the backup, restore, cleanup and schedule features bring theirs).
 */
interface FeatureEntry {
  label: MessageKey;
  requires: string;
  action: (now: number) => TrayAction;
}

const FEATURES: FeatureEntry[] = [
  {
    label: 'tray.backupNow',
    requires: 'snapshot.create',
    action: () => ({ kind: 'command', cmd: 'snapshot.create', req: {} }),
  },
  {
    label: 'tray.restore',
    requires: 'restore.run',
    action: () => ({ kind: 'open', route: 'restore' }),
  },
  {
    label: 'tray.cleanup',
    requires: 'clean.plan',
    action: () => ({ kind: 'open', route: 'cleanup' }),
  },
];

const PAUSE: FeatureEntry[] = [
  {
    label: 'tray.pauseHour',
    requires: 'schedule.pause',
    action: (now) => ({ kind: 'command', cmd: 'schedule.pause', req: { until: now + 3_600_000 } }),
  },
  {
    label: 'tray.pauseTomorrow',
    requires: 'schedule.pause',
    action: (now) => ({
      kind: 'command',
      cmd: 'schedule.pause',
      req: { until: nextMidnight(now) },
    }),
  },
  {
    label: 'tray.resume',
    requires: 'schedule.resume',
    action: () => ({ kind: 'command', cmd: 'schedule.resume', req: {} }),
  },
];

export function nextMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

function reasonText({ t }: I18n, r: StatusReason): string {
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
  }
}

/** One line on the state: the most serious reason, or "All good". */
export function statusLine(i18n: I18n, status: AppStatus | null): string {
  const first = status?.reasons[0];
  return first ? reasonText(i18n, first) : i18n.t('status.idle');
}

/** "last good backup 2 hours ago · next in 3 hours", or null without a backup feature. */
export function backupLine(i18n: I18n, status: AppStatus | null, now: number): string | null {
  const b = status?.backup;
  if (!b) return null;
  const { t, fmt } = i18n;
  const parts = [
    b.lastGoodAt
      ? t('tray.lastBackup', { when: fmt.relative(b.lastGoodAt, now) })
      : t('tray.noBackup'),
  ];
  if (b.pausedUntil && b.pausedUntil > now)
    parts.push(t('tray.pausedUntil', { when: fmt.dateTime(b.pausedUntil) }));
  else if (b.nextAt) parts.push(t('tray.nextBackup', { when: fmt.relative(b.nextAt, now) }));
  return parts.join(' · ');
}

/** The tray tooltip; Windows cuts tooltips at 127 characters, so it is kept under that. */
export function trayTooltip(i18n: I18n, status: AppStatus | null, now: number): string {
  const lines = ['ModVault', statusLine(i18n, status), backupLine(i18n, status, now)].filter(
    Boolean,
  );
  const text = lines.join('\n');
  return text.length > 127 ? `${text.slice(0, 126)}…` : text;
}

export function trayMenu(
  i18n: I18n,
  status: AppStatus | null,
  has: (cmd: string) => boolean,
  now: number,
): TrayItem[] {
  const { t } = i18n;
  const items: TrayItem[] = [{ label: statusLine(i18n, status), enabled: false }];
  const backup = backupLine(i18n, status, now);
  if (backup) items.push({ label: backup, enabled: false });
  items.push({ label: '', separator: true });
  const features = FEATURES.filter((f) => has(f.requires)).map((f) => ({
    label: t(f.label),
    action: f.action(now),
  }));
  const pause = PAUSE.filter((f) => has(f.requires)).map((f) => ({
    label: t(f.label),
    action: f.action(now),
  }));
  items.push(...features);
  if (pause.length) items.push({ label: t('tray.pause'), submenu: pause });
  if (features.length || pause.length) items.push({ label: '', separator: true });
  items.push({ label: t('tray.open'), action: { kind: 'open' } });
  items.push({ label: t('tray.quit'), action: { kind: 'quit' } });
  return items;
}
