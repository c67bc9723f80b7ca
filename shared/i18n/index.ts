import type { Catalog, MessageKey, Translate } from './catalog';
import { en } from './en';
import type { Fmt, Locale } from './fmt';
import { createFmt } from './fmt';
import { zhCN } from './zh-CN';

export type { Catalog, MessageArgs, MessageKey, Translate } from './catalog';
export type { Fmt, Locale } from './fmt';
export { createFmt, LOCALES, resolveLocale } from './fmt';

const CATALOGS: Record<Locale, Catalog> = { en, 'zh-CN': zhCN };

export interface I18n {
  locale: Locale;
  t: Translate;
  fmt: Fmt;
}

/** A translator and formatter for one locale; used by the renderer, the shell and the engine. */
export function createI18n(locale: Locale): I18n {
  const catalog = CATALOGS[locale];
  const fmt = createFmt(locale);
  const t = ((key: MessageKey, params?: unknown) => {
    const msg = catalog[key] as string | ((p: unknown, f: Fmt) => string);
    return typeof msg === 'function' ? msg(params, fmt) : msg;
  }) as Translate;
  return { locale, t, fmt };
}

export function catalogFor(locale: Locale): Catalog {
  return CATALOGS[locale];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
export { statusReasonText } from './status-reason';
