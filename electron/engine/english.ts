import type { CatalogText } from '../../shared/dto/catalog-text';
import type { MessageKey } from '../../shared/i18n';
import { createI18n } from '../../shared/i18n';

const english = createI18n('en');

/** A catalog message rendered in English, whatever parameters it takes. */
export function inEnglish(key: MessageKey, params: CatalogText['params'] = {}): string {
  return (english.t as (k: MessageKey, p: unknown) => string)(key, params);
}

/** A sentence both ways: in English for the CLI and --json, as catalog text for the UI. */
export interface Said {
  english: string;
  text: CatalogText;
}

export function say(key: MessageKey, params: CatalogText['params'] = {}): Said {
  return { english: inEnglish(key, params), text: { key, params } };
}
