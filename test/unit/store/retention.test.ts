import { describe, expect, it } from 'vitest';
import { applyRetention, hasRules } from '../../../electron/engine/store/retention';

/** A snapshot at a local date and time. */
const at = (id: string, y: number, mo: number, d: number, h = 12, mi = 0) => ({
  id,
  time: new Date(y, mo - 1, d, h, mi).getTime(),
});

describe('retention policy', () => {
  const snaps = [
    at('a', 2024, 1, 1, 9),
    at('b', 2024, 1, 1, 18),
    at('c', 2024, 1, 2, 10),
    at('d', 2024, 1, 8, 10), // Monday of ISO week 2
    at('e', 2024, 1, 14, 10), // Sunday, still week 2
    at('f', 2024, 2, 1, 10),
    at('g', 2024, 2, 1, 10, 30),
    at('h', 2025, 3, 1, 10),
  ];

  it('keep-last keeps the newest N with a reason, and removes the rest', () => {
    const r = applyRetention(snaps, { last: 3 });
    expect(r.keep.map((k) => [k.snapshot.id, k.reasons])).toEqual([
      ['h', ['last snapshot']],
      ['g', ['last snapshot']],
      ['f', ['last snapshot']],
    ]);
    expect(r.remove.map((s) => s.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('keep-daily keeps the newest snapshot of each of the last N days that have one', () => {
    const r = applyRetention(snaps, { daily: 4 });
    expect(r.keep.map((k) => k.snapshot.id)).toEqual(['h', 'g', 'e', 'd']);
  });

  it('keep-weekly uses ISO weeks (Monday to Sunday)', () => {
    const r = applyRetention(snaps, { weekly: 10 });
    // Week 1 of 2024 holds a,b,c; week 2 holds d,e; February and 2025 are other weeks.
    expect(r.keep.map((k) => k.snapshot.id)).toEqual(['h', 'g', 'e', 'c']);
  });

  it('keep-monthly and keep-yearly', () => {
    expect(applyRetention(snaps, { monthly: 12 }).keep.map((k) => k.snapshot.id)).toEqual([
      'h',
      'g',
      'e',
    ]);
    expect(applyRetention(snaps, { yearly: 5 }).keep.map((k) => k.snapshot.id)).toEqual(['h', 'g']);
  });

  it('keep-hourly separates hours of the same day', () => {
    expect(applyRetention(snaps, { hourly: 3 }).keep.map((k) => k.snapshot.id)).toEqual([
      'h',
      'g',
      'e',
    ]);
    expect(
      applyRetention([at('x', 2024, 5, 5, 10, 5), at('y', 2024, 5, 5, 10, 50)], { hourly: 2 }).keep,
    ).toHaveLength(1);
  });

  it('lists every reason a snapshot is kept', () => {
    const r = applyRetention(snaps, { last: 1, daily: 1, monthly: 2, yearly: 1 });
    expect(r.keep[0]).toEqual({
      snapshot: snaps[7],
      reasons: ['last snapshot', 'daily snapshot', 'monthly snapshot', 'yearly snapshot'],
    });
    expect(r.keep.find((k) => k.snapshot.id === 'g')?.reasons).toEqual(['monthly snapshot']);
  });

  it('always keeps the newest snapshot when any rule is given', () => {
    for (const rule of ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const)
      expect(applyRetention(snaps, { [rule]: 1 }).keep.map((k) => k.snapshot.id)).toEqual(['h']);
  });

  it('knows whether a policy has rules', () => {
    expect(hasRules({})).toBe(false);
    expect(hasRules({ daily: 0 })).toBe(false);
    expect(hasRules({ weekly: 2 })).toBe(true);
  });
});
