// Locale-aware formatting for numbers, sizes, dates and durations (Intl, no Node APIs).

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Fmt {
  readonly locale: Locale;
  count(n: number): string;
  /** A fraction 0..1 as a percentage. */
  percent(fraction: number): string;
  bytes(n: number): string;
  date(ms: number): string;
  dateTime(ms: number): string;
  time(ms: number): string;
  /** "3 minutes ago", "in 2 hours", relative to `now`. */
  relative(ms: number, now?: number): string;
  /** "2 min 5 s" — for ETAs and job durations. */
  duration(ms: number): string;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const DURATION_UNITS: Record<
  Locale,
  { h: string; min: string; s: string; ms: string; sep: string }
> = {
  en: { h: ' h', min: ' min', s: ' s', ms: ' ms', sep: ' ' },
  'zh-CN': { h: ' 小时', min: ' 分', s: ' 秒', ms: ' 毫秒', sep: ' ' },
};
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Infinity],
];

/** Built on first use: an Intl formatter costs milliseconds, and most users of a Fmt need few. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function createFmt(locale: Locale): Fmt {
  const number = (opts: Intl.NumberFormatOptions) =>
    lazy(() => new Intl.NumberFormat(locale, opts));
  const dates = (opts: Intl.DateTimeFormatOptions) =>
    lazy(() => new Intl.DateTimeFormat(locale, opts));
  const int = number({ maximumFractionDigits: 0 });
  const fixed = [0, 1, 2].map((d) =>
    number({ minimumFractionDigits: d, maximumFractionDigits: d }),
  );
  const pct = number({ style: 'percent', maximumFractionDigits: 0 });
  const date = dates({ dateStyle: 'medium' });
  const dateTime = dates({ dateStyle: 'medium', timeStyle: 'short' });
  const time = dates({ timeStyle: 'short' });
  const rel = lazy(() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const du = DURATION_UNITS[locale];
  const valid = (ms: number) => Number.isFinite(ms);
  return {
    locale,
    count: (n) => (Number.isFinite(n) ? int().format(n) : '—'),
    percent: (f) => (Number.isFinite(f) ? pct().format(f) : '—'),
    bytes(n) {
      if (!Number.isFinite(n)) return '—';
      let value = Math.abs(n);
      let unit = 0;
      while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
      }
      const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
      return `${n < 0 ? '-' : ''}${fixed[digits]!().format(value)} ${UNITS[unit]}`;
    },
    date: (ms) => (valid(ms) ? date().format(ms) : '—'),
    dateTime: (ms) => (valid(ms) ? dateTime().format(ms) : '—'),
    time: (ms) => (valid(ms) ? time().format(ms) : '—'),
    relative(ms, now = Date.now()) {
      if (!valid(ms)) return '—';
      let value = (ms - now) / 1000;
      for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(value) < size) return rel().format(Math.round(value), unit);
        value /= size;
      }
      return rel().format(Math.round(value), 'year');
    },
    duration(ms) {
      if (!Number.isFinite(ms) || ms < 0) return '—';
      if (ms < 1000) return `${int().format(Math.round(ms))}${du.ms}`;
      const s = ms / 1000;
      if (s < 60) return `${s < 10 ? fixed[1]!().format(s) : int().format(Math.round(s))}${du.s}`;
      const m = Math.floor(s / 60);
      if (m < 60) return `${m}${du.min}${du.sep}${Math.round(s % 60)}${du.s}`;
      return `${Math.floor(m / 60)}${du.h}${du.sep}${m % 60}${du.min}`;
    },
  };
}

/** The UI language for a setting and the user's preferred languages (OS or browser). */
export function resolveLocale(setting: string, preferred: readonly string[]): Locale {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
