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

  /** Ticks every 15 s so "3 minutes ago" stays true while it is on screen. */
  private now = $state(Date.now());

  constructor() {
    setInterval(() => (this.now = Date.now()), 15_000);
  }

  get fmt() {
    return this.current.fmt;
  }

  /** "3 minutes ago", "in 2 hours" — reactive to the passing time, not just to the language. */
  ago = (ms: number): string =>
    // A time that arrived since the last tick is not "in 8 seconds": the clock is read as well.
    this.current.fmt.relative(ms, Math.max(this.now, Date.now()));

  apply(setting: Language): void {
    this.setting = setting;
    document.documentElement.lang = resolveLocale(setting, navigator.languages);
  }
}
