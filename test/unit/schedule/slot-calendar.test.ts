import { describe, expect, it } from 'vitest';
import { SlotCalendar } from '../../../electron/engine/schedule/slot-calendar';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);

describe('SlotCalendar', () => {
  it('counts interval slots from the anchor, in elapsed time', () => {
    const anchor = at('2025-03-30T00:10:00Z');
    const c = new SlotCalendar({ kind: 'interval', every: 45, unit: 'minutes' }, null, anchor);
    expect(iso(c.next(anchor))).toBe('2025-03-30T00:55:00.000Z');
    expect(c.upcoming(anchor, 3).map(iso)).toEqual([
      '2025-03-30T00:55:00.000Z',
      '2025-03-30T01:40:00.000Z',
      '2025-03-30T02:25:00.000Z',
    ]);
    // Before the first slot nothing is owed; after three hours, only the latest slot is.
    expect(c.latest(anchor, anchor + 30 * 60_000)).toBeNull();
    expect(iso(c.latest(anchor, at('2025-03-30T03:20:00Z')))).toBe('2025-03-30T03:10:00.000Z');
    // A slot at or before `after` is not owed again.
    expect(c.latest(at('2025-03-30T03:10:00Z'), at('2025-03-30T03:20:00Z'))).toBeNull();
    // DST does not stretch intervals: Berlin moves its clocks at 01:00Z that night.
    const berlin = new SlotCalendar(
      { kind: 'interval', every: 1, unit: 'hours' },
      'Europe/Berlin',
      anchor,
    );
    expect(berlin.gapAfter(berlin.next(anchor)!)).toBe(3_600_000);
  });

  it('daily at a time that DST skips runs at the first minute after the gap, then at the time again', () => {
    // Europe/Berlin, 2025-03-30: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
    const c = new SlotCalendar(
      { kind: 'daily', at: '02:30' },
      'Europe/Berlin',
      at('2025-03-28T12:00:00Z'),
    );
    expect(c.upcoming(at('2025-03-28T12:00:00Z'), 4).map(iso)).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:00:00.000Z', // 03:00 CEST, right after the gap
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  it('daily at a time DST repeats runs once', () => {
    // Europe/Berlin, 2025-10-26: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    const c = new SlotCalendar(
      { kind: 'daily', at: '02:30' },
      'Europe/Berlin',
      at('2025-10-24T12:00:00Z'),
    );
    const runs = c.upcoming(at('2025-10-24T12:00:00Z'), 4);
    expect(runs.map(iso)).toEqual([
      '2025-10-25T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T00:30:00.000Z', // the first 02:30 only
      '2025-10-27T01:30:00.000Z', // 02:30 CET
      '2025-10-28T01:30:00.000Z',
    ]);
    // The day is 25 hours long: the gap says so.
    expect(c.gapAfter(runs[1]!)).toBe(25 * 3_600_000);
  });

  it('weekly on chosen days, in an explicit zone', () => {
    // New York, 2025-03-09: EST becomes EDT, so 09:00 moves from 14:00Z to 13:00Z.
    const c = new SlotCalendar(
      { kind: 'weekly', days: [5, 1], at: '09:00' },
      'America/New_York',
      0,
    );
    expect(c.upcoming(at('2025-03-05T00:00:00Z'), 4).map(iso)).toEqual([
      '2025-03-07T14:00:00.000Z', // Friday, EST
      '2025-03-10T13:00:00.000Z', // Monday, EDT
      '2025-03-14T13:00:00.000Z',
      '2025-03-17T13:00:00.000Z',
    ]);
  });

  it('cron expressions: five fields, six with seconds, nicknames; bad ones refused with a fix', () => {
    const six = new SlotCalendar({ kind: 'cron', expr: '*/20 * * * * *' }, 'UTC', 0);
    expect(six.upcoming(at('2025-01-01T00:00:05Z'), 2).map(iso)).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
    ]);
    const hourly = new SlotCalendar({ kind: 'cron', expr: '@hourly' }, 'Asia/Kolkata', 0);
    expect(iso(hourly.next(at('2025-01-01T00:10:00Z')))).toBe('2025-01-01T00:30:00.000Z');
    // The latest slot of a long gap comes straight from the expression, not by walking it.
    const minutely = new SlotCalendar({ kind: 'cron', expr: '* * * * *' }, 'UTC', 0);
    expect(iso(minutely.latest(0, at('2025-06-01T10:00:30Z')))).toBe('2025-06-01T10:00:00.000Z');
    expect(() => new SlotCalendar({ kind: 'cron', expr: '61 * * * *' }, null, 0)).toThrow(
      /Not a valid cron expression: 61 \* \* \* \*/,
    );
    expect(() => new SlotCalendar({ kind: 'cron', expr: '* * * *' }, null, 0)).toThrow(
      /Not a valid cron expression/,
    );
    expect(() => new SlotCalendar({ kind: 'cron', expr: '0 0 30 2 *' }, null, 0)).toThrow(
      /never runs/,
    );
    expect(() => new SlotCalendar({ kind: 'daily', at: '10:00' }, 'Mars/Olympus', 0)).toThrow(
      /Unknown time zone: Mars\/Olympus/,
    );
  });
});
