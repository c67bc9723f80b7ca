import type { Language } from '../../../../shared/dto/settings';
import type { I18n, Locale, MessageArgs, MessageKey } from '../../../../shared/i18n';
import { createI18n, resolveLocale } from '../../../../shared/i18n';

/** The UI language: follows the setting, or the browser's languages when it is 'system'. */
export class I18nState {
  setting = $state<Language>('system');
  readonly locale: Locale = $derived(resolveLocale(this.setting, navigator.languages));
  private readonly current: I18n = $derived(createI18n(this.locale));

  /** Reactive: a template calling t() re-renders when the language changes. */
  t = <K extends MessageKey>(key: K, ...args: MessageArgs<K>): string =>
    this.current.t(key, ...args);

  get fmt() {
    return this.current.fmt;
  }

  apply(setting: Language): void {
    this.setting = setting;
    document.documentElement.lang = resolveLocale(setting, navigator.languages);
  }
}
