import type { ScheduleSpec, ScheduleView } from '../dto/schedule';
import { WEEKDAYS } from '../dto/schedule';
import type { RetentionPolicy } from '../dto/store';
import type { Translate } from './catalog';
import type { I18n } from './index';

const RULES = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

/** "Every 30 minutes", "Mon, Wed, Fri at 21:00", "Cron: 0 * /6 * * *" — in the UI language. */
export function describeSpec(t: Translate, spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'interval':
      return t(`schedule.every.${spec.unit}`, { n: spec.every });
    case 'daily':
      return t('schedule.desc.daily', { at: spec.at });
    case 'weekly': {
      const days =
        spec.days.length === 7
          ? t('schedule.everyDay')
          : WEEKDAYS.filter((d) => spec.days.includes(d))
              .map((d) => t(`schedule.day.${d}`))
              .join(', ');
      return t('schedule.desc.weekly', { days, at: spec.at });
    }
    case 'cron':
      return t('schedule.desc.cron', { expr: spec.expr });
  }
}

/** The schedule's name, or its timing when it has none. */
export function scheduleLabel(t: Translate, s: Pick<ScheduleView, 'name' | 'spec'>): string {
  return s.name || describeSpec(t, s.spec);
}

/** "Keeps the latest 10, 7 daily, 4 weekly", or "Keeps every snapshot". */
export function describeRetention(t: Translate, p: RetentionPolicy): string {
  const rules = RULES.filter((r) => p[r]).map((r) => t(`schedule.keepRule.${r}`, { n: p[r]! }));
  return rules.length ? t('schedule.keeps', { rules: rules.join(', ') }) : t('schedule.keepsAll');
}

/** Why a schedule is not running now, or null when it simply waits for its next time. */
export function describeWait({ t, fmt }: I18n, v: ScheduleView, now: number): string | null {
  const when = (at: number | null) => (at === null ? '' : fmt.relative(at, now));
  switch (v.waiting) {
    case null:
      return null;
    case 'paused':
      return t('schedule.wait.paused', { when: fmt.dateTime(v.pausedUntil ?? now) });
    case 'retry':
      return t('schedule.wait.retry', { when: when(v.nextAttemptAt) });
    case 'catching-up':
      return t('schedule.wait.catching-up', { when: when(v.nextAttemptAt) });
    default:
      return t(`schedule.wait.${v.waiting}`);
  }
}
