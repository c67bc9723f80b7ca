import type { RetentionPolicy } from '../../../shared/dto/store';

export interface Dated {
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
}

type Rule = keyof RetentionPolicy;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 week of the local date: the year that owns its Thursday, and the week number. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

/** The calendar period (local time) a snapshot falls in, per rule. */
const BUCKETS: Record<Exclude<Rule, 'last'>, (d: Date) => string> = {
  hourly: (d) =>
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}h`,
  daily: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
  weekly: isoWeek,
  monthly: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`,
  yearly: (d) => `${d.getFullYear()}`,
};

const REASONS: Record<Rule, string> = {
  last: 'last snapshot',
  hourly: 'hourly snapshot',
  daily: 'daily snapshot',
  weekly: 'weekly snapshot',
  monthly: 'monthly snapshot',
  yearly: 'yearly snapshot',
};

export function hasRules(p: RetentionPolicy): boolean {
  return Object.values(p).some((n) => typeof n === 'number' && n > 0);
}

/**
 * Which snapshots a policy keeps, and why (restic's semantics): keep-last keeps the newest N;
 * each calendar rule keeps the newest snapshot of each of the N most recent periods that have
 * one. Everything no rule keeps is removed.
 */
export function applyRetention<T extends Dated>(
  snapshots: T[],
  policy: RetentionPolicy,
): { keep: { snapshot: T; reasons: string[] }[]; remove: T[] } {
  const newestFirst = [...snapshots].sort((a, b) => b.time - a.time);
  const reasons = new Map<T, string[]>();
  const keep = (s: T, rule: Rule) => reasons.set(s, [...(reasons.get(s) ?? []), REASONS[rule]]);
  newestFirst.slice(0, policy.last ?? 0).forEach((s) => keep(s, 'last'));
  for (const rule of Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]) {
    let left = policy[rule] ?? 0;
    let previous: string | null = null;
    for (const s of newestFirst) {
      if (left <= 0) break;
      const bucket = BUCKETS[rule](new Date(s.time));
      if (bucket === previous) continue;
      previous = bucket;
      keep(s, rule);
      left--;
    }
  }
  return {
    keep: newestFirst
      .filter((s) => reasons.has(s))
      .map((s) => ({ snapshot: s, reasons: reasons.get(s)! })),
    remove: newestFirst.filter((s) => !reasons.has(s)),
  };
}
