import { describe, expect, it } from 'vitest';
import { doubledWord } from '../helpers/wording';
import type { Catalog, Locale, MessageKey } from '../../shared/i18n';
import { catalogFor, createFmt, createI18n, LOCALES } from '../../shared/i18n';

/** Every message of a catalog, functions called with sample parameters (2, "x", …). */
function rendered(locale: Locale): [string, string][] {
  const fmt = createFmt(locale);
  const sample = new Proxy({} as Record<string, unknown>, {
    get: (_t, prop) =>
      prop === Symbol.toPrimitive ? () => 2 : ['lines', 'paths'].includes(String(prop)) ? ['x'] : 2,
  });
  const out: [string, string][] = [];
  for (const [key, msg] of Object.entries(catalogFor(locale) as Catalog)) {
    if (typeof msg === 'string') out.push([key, msg]);
    else
      try {
        out.push([key, (msg as (p: unknown, f: unknown) => string)(sample, fmt)]);
      } catch {
        // A message that needs a parameter of another shape (a list, a nested object).
      }
  }
  return out;
}

describe('labels read as written by a person', () => {
  it.each(LOCALES)('no word twice in a row in any %s message', (locale) => {
    const doubled = rendered(locale).filter(([, text]) => doubledWord().test(text));
    expect(doubled).toEqual([]);
  });

  it.each(LOCALES)(
    'a job title never chains colons in its %s toasts and notifications',
    (locale) => {
      const { t } = createI18n(locale);
      const titles = rendered(locale).filter(
        ([key]) => key.startsWith('job.title.') || key.startsWith('restore.job.'),
      );
      expect(titles.length).toBeGreaterThan(10);
      for (const [, title] of titles)
        for (const key of [
          'toast.succeeded',
          'toast.failed',
          'toast.canceled',
          'notify.succeeded',
        ] as MessageKey[]) {
          const text = (t as (k: MessageKey, p: unknown) => string)(key, { title });
          expect(text.split(/[:：]\s*/).length, text).toBeLessThanOrEqual(2);
        }
    },
  );
});
