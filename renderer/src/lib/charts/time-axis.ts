// A time axis in calendar steps (every 6 hours, every day, every month), labelled the way a
// person reads a calendar: a time of day, a date where the day changes, a year only where it
// changes. Pure functions of the local time zone, unit-tested without a DOM.

type Unit = 'minute' | 'hour' | 'day' | 'month' | 'year';

export interface TimeTick {
  t: number;
  label: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Steps tried smallest first; the first that needs no more than the room allows wins. */
const STEPS: { unit: Unit; n: number; ms: number }[] = [
  { unit: 'minute', n: 1, ms: MIN },
  { unit: 'minute', n: 5, ms: 5 * MIN },
  { unit: 'minute', n: 15, ms: 15 * MIN },
  { unit: 'minute', n: 30, ms: 30 * MIN },
  { unit: 'hour', n: 1, ms: HOUR },
  { unit: 'hour', n: 3, ms: 3 * HOUR },
  { unit: 'hour', n: 6, ms: 6 * HOUR },
  { unit: 'hour', n: 12, ms: 12 * HOUR },
  { unit: 'day', n: 1, ms: DAY },
  { unit: 'day', n: 2, ms: 2 * DAY },
  { unit: 'day', n: 7, ms: 7 * DAY },
  { unit: 'month', n: 1, ms: 30 * DAY },
  { unit: 'month', n: 3, ms: 91 * DAY },
  { unit: 'month', n: 6, ms: 182 * DAY },
  { unit: 'year', n: 1, ms: 365 * DAY },
  { unit: 'year', n: 2, ms: 730 * DAY },
  { unit: 'year', n: 5, ms: 1826 * DAY },
  { unit: 'year', n: 10, ms: 3652 * DAY },
];

/** The first step boundary at or after `t`. */
function ceilTo(t: number, unit: Unit, n: number): Date {
  const d = new Date(t);
  if (unit === 'minute') {
    d.setSeconds(0, 0);
    d.setMinutes(Math.ceil((d.getMinutes() + (d.getTime() < t ? 1 : 0)) / n) * n);
  } else if (unit === 'hour') {
    d.setMinutes(0, 0, 0);
    if (d.getTime() < t) d.setHours(d.getHours() + 1);
    d.setHours(Math.ceil(d.getHours() / n) * n);
  } else if (unit === 'day') {
    d.setHours(0, 0, 0, 0);
    if (d.getTime() < t) d.setDate(d.getDate() + 1);
  } else if (unit === 'month') {
    d.setHours(0, 0, 0, 0);
    d.setDate(1);
    if (d.getTime() < t) d.setMonth(d.getMonth() + 1);
    d.setMonth(Math.ceil(d.getMonth() / n) * n);
  } else {
    d.setHours(0, 0, 0, 0);
    d.setMonth(0, 1);
    if (d.getTime() < t) d.setFullYear(d.getFullYear() + 1);
    d.setFullYear(Math.ceil(d.getFullYear() / n) * n);
  }
  return d;
}

function advance(d: Date, unit: Unit, n: number): void {
  if (unit === 'minute') d.setMinutes(d.getMinutes() + n);
  else if (unit === 'hour') d.setHours(d.getHours() + n);
  else if (unit === 'day') d.setDate(d.getDate() + n);
  else if (unit === 'month') d.setMonth(d.getMonth() + n);
  else d.setFullYear(d.getFullYear() + n);
}

/**
 * Ticks between `from` and `to` (both inside), at most `max` of them, in the locale's words.
 * `now` decides whether a year is worth saying (the current year goes without).
 */
export function timeAxis(
  from: number,
  to: number,
  max: number,
  locale: string,
  now: number = Date.now(),
): TimeTick[] {
  if (!(to > from) || max < 1) return [];
  const step = STEPS.find((s) => (to - from) / s.ms <= max) ?? STEPS[STEPS.length - 1]!;
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, o);
  const clock = f({ hour: 'numeric', minute: '2-digit' });
  const day = f({ month: 'short', day: 'numeric' });
  const dayYear = f({ year: 'numeric', month: 'short', day: 'numeric' });
  const month = f({ month: 'short' });
  const monthYear = f({ year: 'numeric', month: 'short' });
  const year = f({ year: 'numeric' });
  const thisYear = new Date(now).getFullYear();

  const ticks: TimeTick[] = [];
  let prev: Date | null = null;
  for (
    const d = ceilTo(from, step.unit, step.n);
    d.getTime() <= to;
    advance(d, step.unit, step.n)
  ) {
    // A year is said where it changes, or on the first tick when it is not this year.
    const sayYear = prev ? prev.getFullYear() !== d.getFullYear() : d.getFullYear() !== thisYear;
    const newDay = !prev || prev.toDateString() !== d.toDateString();
    let label: string;
    if (step.unit === 'year') label = year.format(d);
    else if (step.unit === 'month') label = (sayYear ? monthYear : month).format(d);
    else if (step.unit === 'day') label = (sayYear ? dayYear : day).format(d);
    // Within a day: the time, and the date where a new day starts (at midnight, or the first tick).
    else if (newDay)
      label =
        d.getHours() === 0 && d.getMinutes() === 0
          ? day.format(d)
          : `${day.format(d)} ${clock.format(d)}`;
    else label = clock.format(d);
    ticks.push({ t: d.getTime(), label });
    prev = new Date(d);
  }
  return ticks;
}
