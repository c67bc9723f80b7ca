import type { Fmt } from '../fmt';

// The module cache's health (one truth for the dashboard, sidebar, Modules, Doctor and the
// tray), the next step every problem banner offers, the first run and the demo cache.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);

export const healthEn = {
  'reason.environment': (p: { errors: number; warnings: number }, f: Fmt) =>
    p.errors
      ? `The doctor found ${f.count(p.errors)} ${s(p.errors, 'problem', 'problems')} with the Go setup.`
      : `The doctor found ${f.count(p.warnings)} ${s(p.warnings, 'warning', 'warnings')} about the Go setup.`,
};
