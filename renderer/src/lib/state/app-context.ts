import { getContext, setContext } from 'svelte';
import type { EngineClient } from '../../../../shared/client';
import type { I18nState } from '../i18n/i18n.svelte';
import type { CacheState } from './cache.svelte';
import type { ConnectionState } from './connection.svelte';
import type { DoctorState } from './doctor.svelte';
import type { JobsState } from './jobs.svelte';
import type { ProjectsState } from './projects.svelte';
import type { Router } from './router.svelte';
import type { SettingsState } from './settings.svelte';
import type { StatusState } from './status.svelte';
import type { StoreState } from './store.svelte';
import type { ThemeState } from './theme.svelte';
import type { Toasts } from './toasts.svelte';

/** Everything a page may use; built once in main.ts, handed down through Svelte context. */
export interface AppContext {
  client: EngineClient;
  desktop: boolean;
  connection: ConnectionState;
  i18n: I18nState;
  theme: ThemeState;
  router: Router;
  toasts: Toasts;
  settings: SettingsState;
  jobs: JobsState;
  cache: CacheState;
  projects: ProjectsState;
  status: StatusState;
  store: StoreState;
  doctor: DoctorState;
}

const KEY = Symbol('modvault-app');

export function provideApp(ctx: AppContext): void {
  setContext(KEY, ctx);
}

export function useApp(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('useApp() outside <App>');
  return ctx;
}
