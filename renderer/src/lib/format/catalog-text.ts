import type { CatalogText } from '../../../../shared/dto/catalog-text';
import type { MessageKey, Translate } from '../../../../shared/i18n';
import { isMessageKey } from '../../../../shared/i18n';

// The engine words what it says in English and gives the same sentences as catalog keys: the
// UI says them in its language, and falls back to the engine's words for anything else (a
// verifier's reason, a key from a newer engine).

/** A catalog key the engine sent, said in the UI's language (undefined for an unknown key). */
export function sayKey(t: Translate, key: string | undefined, params: object): string | undefined {
  if (!key || !isMessageKey(key)) return undefined;
  return (t as (k: MessageKey, p: object) => string)(key, params);
}

/** The engine's sentence in the UI's language, or its English when it has no catalog text. */
export function sayText(t: Translate, text: CatalogText | undefined, english: string): string {
  return sayKey(t, text?.key, text?.params ?? {}) ?? english;
}

/** Notes of a plan or a result (`notes` in English, `noteTexts` the same as catalog text). */
export function sayNotes(
  t: Translate,
  r: { notes: string[]; noteTexts?: CatalogText[] },
): string[] {
  return r.notes.map((n, i) => sayText(t, r.noteTexts?.[i], n));
}

/** Where a quarantine came from ("clean unused", "doctor", "restore --repair"), in words. */
export function quarantineOrigin(t: Translate, origin: string): string {
  if (origin === 'doctor') return t('quarantine.origin.doctor');
  if (origin === 'restore --repair') return t('quarantine.origin.restore');
  const kind = /^clean (\w+)$/.exec(origin)?.[1];
  const kindKey = kind ? `cleanup.kind.${kind}` : undefined;
  const kindText = sayKey(t, kindKey, {});
  return kindText ? t('quarantine.origin.clean', { kind: kindText }) : origin;
}
