import type { HandlerGroup } from '../rpc/router';
import type { SettingsStore } from './settings-store';

export function settingsHandlers(
  settings: SettingsStore,
): HandlerGroup<'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => settings.view(),
    'settings.update': (req) => settings.update(req),
  };
}
