import type { Theme } from '../../../../shared/dto/settings';

/** Light, dark or the OS choice, applied as data-theme on <html> (CSS variables do the rest). */
export class ThemeState {
  setting = $state<Theme>('system');
  private systemDark = $state(false);
  readonly resolved: 'light' | 'dark' = $derived(
    this.setting === 'system' ? (this.systemDark ? 'dark' : 'light') : this.setting,
  );

  constructor() {
    const media = matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = media.matches;
    media.addEventListener('change', (e) => {
      this.systemDark = e.matches;
      this.paint();
    });
  }

  apply(setting: Theme): void {
    this.setting = setting;
    this.paint();
  }

  private paint(): void {
    document.documentElement.dataset.theme = this.resolved;
    document.documentElement.style.colorScheme = this.resolved;
  }
}
