import type { EngineClient } from '../../../../shared/client';
import type { Settings, SettingsView } from '../../../../shared/dto/settings';

/** The settings as saved by the engine; every change goes through settings.update. */
export class SettingsState {
  view = $state.raw<SettingsView | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private readonly changeHandlers = new Set<(v: SettingsView) => void>();

  constructor(private readonly client: EngineClient) {
    client.on('settings.changed', (v) => this.accept(v));
  }

  get value(): Settings | null {
    return this.view?.settings ?? null;
  }

  async load(): Promise<SettingsView> {
    const v = await this.client.query('settings.get', {});
    this.accept(v);
    return v;
  }

  /** Saves a change; throws the engine's error (e.g. a folder that does not exist). */
  async update(patch: Partial<Settings>): Promise<SettingsView> {
    const v = await this.client.query('settings.update', patch);
    this.accept(v);
    return v;
  }

  onChange(fn: (v: SettingsView) => void): void {
    this.changeHandlers.add(fn);
  }

  private accept(v: SettingsView): void {
    this.view = v;
    for (const fn of this.changeHandlers) fn(v);
  }
}
