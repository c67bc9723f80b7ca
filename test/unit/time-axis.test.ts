import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../renderer/src/lib/charts/time-axis';

// Local times (the axis is in the user's time zone), so the expectations hold in any zone.
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo, d, h, mi).getTime();
const NOW = at(2026, 11, 4, 13, 10);

describe('chart time axis', () => {
  it('two days of growth: times of day, the date where a day starts, never a full date twice', () => {
    const ticks = timeAxis(at(2026, 11, 2, 13, 10), NOW, 5, 'en-US', NOW);
    expect(ticks.map((t) => t.label)).toEqual(['Dec 3', '12:00 PM', 'Dec 4', '12:00 PM']);
    for (const t of ticks) expect(t.label).not.toContain('2026');
  });

  it('a few hours: the first tick says which day', () => {
    const ticks = timeAxis(at(2026, 11, 3, 9, 20), at(2026, 11, 3, 17, 0), 5, 'en-US', NOW);
    expect(ticks.map((t) => t.label)).toEqual(['Dec 3 12:00 PM', '3:00 PM']);
  });

  it('months across a new year: the year only where it changes', () => {
    const ticks = timeAxis(at(2026, 9, 15), at(2027, 2, 20), 6, 'en-US', NOW);
    expect(ticks.map((t) => t.label)).toEqual(['Nov', 'Dec', 'Jan 2027', 'Feb', 'Mar']);
  });

  it('a past year says so on its first tick', () => {
    const ticks = timeAxis(at(2024, 2, 1), at(2024, 2, 5), 5, 'en-US', NOW);
    expect(ticks[0]!.label).toBe('Mar 1, 2024');
    expect(ticks.slice(1).every((t) => !t.label.includes('2024'))).toBe(true);
  });

  it('stays inside the range, within the room, and in the reader’s language', () => {
    for (const [from, to] of [
      [at(2026, 0, 1), at(2026, 0, 1, 0, 7)],
      [at(2026, 0, 1), at(2026, 6, 1)],
      [at(2020, 0, 1), at(2026, 0, 1)],
    ] as const)
      for (const room of [1, 3, 8]) {
        const ticks = timeAxis(from, to, room, 'en-US', NOW);
        expect(ticks.length).toBeLessThanOrEqual(room + 1);
        for (const t of ticks) expect(t.t >= from && t.t <= to).toBe(true);
        expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
      }
    const zh = timeAxis(at(2026, 11, 2, 13, 10), NOW, 5, 'zh-CN', NOW);
    expect(zh[0]!.label).toBe('12月3日');
    expect(timeAxis(NOW, NOW, 5, 'en-US', NOW)).toEqual([]);
  });
});
