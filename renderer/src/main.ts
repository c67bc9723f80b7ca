import { mount } from 'svelte';
import { EngineClient } from '../../shared/client';
import { jobTitle } from '../../shared/i18n/job-title';
import App from './App.svelte';
import { selectTransport } from './lib/api/select-transport';
import type { AppContext } from './lib/state/app-context';
import { CacheState } from './lib/state/cache.svelte';
import { ConnectionState } from './lib/state/connection.svelte';
import { DoctorState } from './lib/state/doctor.svelte';
import { JobsState } from './lib/state/jobs.svelte';
import { ProjectsState } from './lib/state/projects.svelte';
import { Router } from './lib/state/router.svelte';
import { SettingsState } from './lib/state/settings.svelte';
import { StatusState } from './lib/state/status.svelte';
import { StoreState } from './lib/state/store.svelte';
import { ThemeState } from './lib/state/theme.svelte';
import { Toasts } from './lib/state/toasts.svelte';
import { I18nState } from './lib/i18n/i18n.svelte';
import { routes } from './routes';
import './styles/tokens.css';
import './styles/base.css';

/** Jobs quicker than this finished while the user watched: no toast for them. */
const TOAST_AFTER_MS = 3000;

const connection = new ConnectionState();
const { transport, desktop } = selectTransport(window.modvault, (s, r) => connection.update(s, r));
const client = new EngineClient(transport);
const i18n = new I18nState();
const theme = new ThemeState();
const router = new Router(routes.map((r) => r.id));
const toasts = new Toasts();
const settings = new SettingsState(client);
const jobs = new JobsState(client);
const ctx: AppContext = {
  client,
  desktop,
  connection,
  i18n,
  theme,
  router,
  toasts,
  settings,
  jobs,
  cache: new CacheState(client),
  projects: new ProjectsState(client),
  status: new StatusState(client),
  store: new StoreState(client, jobs),
  doctor: new DoctorState(client),
};

settings.onChange((v) => {
  i18n.apply(v.settings.language);
  theme.apply(v.settings.theme);
});
client.on('ui.navigate', ({ route }) => router.navigate(route));
jobs.onFinished((job) => {
  const title = jobTitle(i18n.t, job);
  const took = (job.endedAt ?? 0) - (job.startedAt ?? job.createdAt);
  const details = { label: i18n.t('activity.output'), run: () => router.go('activity', job.id) };
  if (job.status === 'failed')
    toasts.show({
      tone: 'error',
      title: i18n.t('toast.failed', { title }),
      body: job.error?.message,
      action: details,
    });
  else if (job.status === 'canceled')
    toasts.show({ tone: 'info', title: i18n.t('toast.canceled', { title }) });
  else if (took >= TOAST_AFTER_MS)
    toasts.show({ tone: 'success', title: i18n.t('toast.succeeded', { title }), action: details });
});
connection.onReconnect(() => {
  void settings.load();
  void jobs.load();
  void ctx.status.load();
  void ctx.store.refresh(true);
});

// What the home page waits for is requested first, before settings and before any rendering.
void ctx.cache.refresh();
theme.apply('system');
i18n.apply('system');
// Settings decide the language and theme: load them before the first paint so nothing flickers.
const target = document.getElementById('app')!;
settings.load().then(
  () => start(),
  () => start(),
);

function start(): void {
  void jobs.load().catch(() => {});
  void ctx.status.load().catch(() => {});
  // The static loading screen from index.html makes way for the app.
  target.replaceChildren();
  mount(App, { target, props: { ctx } });
}
