import type { Fmt } from '../fmt';

// Scheduled backups and the cache watch: the Schedules page, the tray's and dashboard's
// "cache lost" reason, the deletion notification.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };
type When = { when: string };

export const scheduleEn = {
  'nav.schedule': 'Schedules',

  'schedule.title': 'Schedules',
  'schedule.subtitle':
    'Back up the caches on a timetable. A run missed while the computer slept or was off happens once when it is back.',
  'schedule.new': 'New schedule',
  'schedule.edit': 'Edit schedule',
  'schedule.pauseAll': 'Pause all for 1 hour',
  'schedule.resumeAll': 'Resume all',
  'schedule.emptyTitle': 'No schedules yet',
  'schedule.emptyBody':
    'Add one and ModVault backs the module cache up by itself — from the desktop app, or without a window with modvault daemon.',
  'schedule.list': 'Your schedules',

  'schedule.kind.interval': 'Interval',
  'schedule.kind.daily': 'Daily',
  'schedule.kind.weekly': 'Weekly',
  'schedule.kind.cron': 'Cron',
  'schedule.unit.seconds': 'seconds',
  'schedule.unit.minutes': 'minutes',
  'schedule.unit.hours': 'hours',
  'schedule.every.seconds': (p: N, f: Fmt) =>
    p.n === 1 ? 'Every second' : `Every ${f.count(p.n)} seconds`,
  'schedule.every.minutes': (p: N, f: Fmt) =>
    p.n === 1 ? 'Every minute' : `Every ${f.count(p.n)} minutes`,
  'schedule.every.hours': (p: N, f: Fmt) =>
    p.n === 1 ? 'Every hour' : `Every ${f.count(p.n)} hours`,
  'schedule.desc.daily': (p: { at: string }) => `Every day at ${p.at}`,
  'schedule.desc.weekly': (p: { days: string; at: string }) => `${p.days} at ${p.at}`,
  'schedule.desc.cron': (p: { expr: string }) => `Cron: ${p.expr}`,
  'schedule.day.0': 'Sun',
  'schedule.day.1': 'Mon',
  'schedule.day.2': 'Tue',
  'schedule.day.3': 'Wed',
  'schedule.day.4': 'Thu',
  'schedule.day.5': 'Fri',
  'schedule.day.6': 'Sat',
  'schedule.everyDay': 'Every day',

  'schedule.name': 'Name',
  'schedule.namePlaceholder': 'Optional',
  'schedule.timing': 'When',
  'schedule.every': 'Every',
  'schedule.at': 'At',
  'schedule.days': 'On',
  'schedule.cronExpr': 'Cron expression',
  'schedule.cronHint':
    'Five fields: minute hour day-of-month month day-of-week (e.g. 0 */6 * * *), or six with seconds first.',
  'schedule.zone': 'Time zone',
  'schedule.zoneMachine': (p: { zone: string }) => `This computer’s (${p.zone})`,
  'schedule.zoneHint':
    'Daily, weekly and cron times are clock times in this zone; daylight-saving changes are handled. Intervals count elapsed time.',
  'schedule.what': 'Back up',
  'schedule.moduleCache': 'Module cache (always)',
  'schedule.buildCache': 'Build cache too',
  'schedule.retention': 'Keep snapshots',
  'schedule.retentionHint':
    'After each run, snapshots beyond these are forgotten. Leave all empty to keep every snapshot.',
  'schedule.keep.last': 'Latest',
  'schedule.keep.hourly': 'Hourly',
  'schedule.keep.daily': 'Daily',
  'schedule.keep.weekly': 'Weekly',
  'schedule.keep.monthly': 'Monthly',
  'schedule.keep.yearly': 'Yearly',
  'schedule.prune': 'Free the space of forgotten snapshots right away',
  'schedule.skipOnBattery': 'On battery, wait for AC power',
  'schedule.enabled': 'Enabled',
  'schedule.preview': 'Next runs',
  'schedule.previewNone': 'This timing never runs.',
  'schedule.save': 'Save',
  'schedule.create': 'Create',
  'schedule.delete': 'Delete',
  'schedule.deleteTitle': 'Delete this schedule?',
  'schedule.deleteBody': (p: { name: string }) =>
    `“${p.name}” stops running. The snapshots it made stay in the store.`,
  'schedule.runNow': 'Run now',
  'schedule.pause': 'Pause 1 hour',
  'schedule.resume': 'Resume',
  'schedule.started': 'Backup started — follow it in Activity.',

  'schedule.lastAttempt': 'Last attempt',
  'schedule.lastSuccess': 'Last success',
  'schedule.never': 'Never',
  'schedule.nextAttempt': 'Next run',
  'schedule.upcoming': 'Upcoming',
  'schedule.failures': (p: N, f: Fmt) =>
    `${f.count(p.n)} failed ${s(p.n, 'attempt', 'attempts')} in a row`,
  'schedule.snapshotLabel': (p: { id: string }) => `snapshot ${p.id}`,
  'schedule.keepsAll': 'Keeps every snapshot',
  'schedule.keeps': (p: { rules: string }) => `Keeps ${p.rules}`,
  'schedule.keepRule.last': (p: N, f: Fmt) => `the latest ${f.count(p.n)}`,
  'schedule.keepRule.hourly': (p: N, f: Fmt) => `${f.count(p.n)} hourly`,
  'schedule.keepRule.daily': (p: N, f: Fmt) => `${f.count(p.n)} daily`,
  'schedule.keepRule.weekly': (p: N, f: Fmt) => `${f.count(p.n)} weekly`,
  'schedule.keepRule.monthly': (p: N, f: Fmt) => `${f.count(p.n)} monthly`,
  'schedule.keepRule.yearly': (p: N, f: Fmt) => `${f.count(p.n)} yearly`,
  'schedule.withBuildCache': 'module + build cache',
  'schedule.moduleOnly': 'module cache',
  'schedule.onBatteryWaits': 'waits for AC power',

  'schedule.state.active': 'Active',
  'schedule.state.due': 'Due now',
  'schedule.wait.disabled': 'Disabled',
  'schedule.wait.paused': (p: When) => `Paused until ${p.when}`,
  'schedule.wait.running': 'Running',
  'schedule.wait.retry': (p: When) => `Failed — trying again ${p.when}`,
  'schedule.wait.on-battery': 'Waiting for AC power',
  'schedule.wait.cache-lost': 'Waiting: the module cache was deleted',
  'schedule.wait.catching-up': (p: When) => `Missed while asleep — runs ${p.when}`,

  'watch.title': 'Cache watch',
  'watch.hint':
    'ModVault notices within seconds when a cache is deleted, tells you, and offers to restore it.',
  'watch.gomodcache': 'Module cache',
  'watch.gocache': 'Build cache',
  'watch.versions': (p: N, f: Fmt) => `${f.count(p.n)} ${s(p.n, 'version', 'versions')}`,
  'watch.entries': (p: N, f: Fmt) => `${f.count(p.n)} ${s(p.n, 'entry', 'entries')}`,
  'watch.missing': 'Missing',
  'watch.events': 'Filesystem events and a listing every 30 s',
  'watch.periodic': 'A listing every 30 s (no filesystem events here)',
  'watch.checked': (p: When) => `last looked at ${p.when}`,
  'watch.notRunning':
    'Not watching in this window: the cache watch runs in the desktop app, modvault ui and modvault daemon.',
  'watch.threshold': 'Raise the alarm when this share of the versions vanishes at once',
  'watch.percent': '%',
  'watch.lostTitle': (p: N, f: Fmt) =>
    `Module cache deleted — ${f.count(p.n)} ${s(p.n, 'version', 'versions')}`,
  'watch.buildLostTitle': (p: N, f: Fmt) =>
    `Build cache deleted — ${f.count(p.n)} ${s(p.n, 'entry', 'entries')}`,
  'watch.lostBody':
    'Scheduled backups wait until the cache is restored, or until you back it up as it is now.',
  'watch.restoreFrom': (p: { id: string; when: string }) =>
    `Snapshot ${p.id} (${p.when}) holds them.`,
  'watch.noSnapshot': 'No snapshot holds them.',
  'watch.backUpAsIs': 'Back up as it is now',

  'reason.cache-lost': (p: N, f: Fmt) =>
    `Go module cache deleted — ${f.count(p.n)} ${s(p.n, 'version', 'versions')}.`,
  'reason.build-cache-lost': (p: N, f: Fmt) =>
    `Go build cache deleted — ${f.count(p.n)} ${s(p.n, 'entry', 'entries')}.`,

  'notify.cacheLost': (p: N, f: Fmt) =>
    `Go module cache deleted — ${f.count(p.n)} ${s(p.n, 'version', 'versions')}`,
  'notify.buildCacheLost': (p: N, f: Fmt) =>
    `Go build cache deleted — ${f.count(p.n)} ${s(p.n, 'entry', 'entries')}`,
  'notify.cacheLostBody': (p: When) => `Restore them from the backup of ${p.when}.`,
  'notify.cacheLostNoSnapshot':
    'No backup holds them: go mod download fetches them again when you are online.',
  'notify.restore': 'Restore',

  'job.title.schedule.run': 'Scheduled backup',
};
