import type { Component } from 'svelte';
import type { MessageKey } from '../../shared/i18n';
import type { IconName } from './lib/components/icons';
// The home page ships in the main bundle: it is on screen first and must not wait for a chunk.
import Dashboard from './pages/Dashboard.svelte';

/** Props every page receives: the part of the route after its id (#/<id>/<param>). */
export interface PageProps {
  param: string | null;
}

export interface RouteDef {
  /** The URL id: #/<id>. */
  id: string;
  /** Its name in the sidebar and the window title. */
  label: MessageKey;
  icon: IconName;
  /** Sidebar group: everyday pages, or the system group at the bottom. */
  group: 'main' | 'system';
  /** Pages load on first visit (the home page excepted), so the first one is interactive sooner. */
  load: () => Promise<{ default: Component<PageProps> }>;
}

/**
 * The app's pages, in sidebar order. Adding a page is one file in pages/ and one line here
 * (plus its strings in shared/i18n/en.ts and zh-CN.ts). The first route is the home page.
 */
// prettier-ignore
export const routes: RouteDef[] = [
  { id: 'dashboard', label: 'nav.dashboard', icon: 'dashboard', group: 'main', load: async () => ({ default: Dashboard }) },
  { id: 'modules', label: 'nav.modules', icon: 'modules', group: 'main', load: () => import('./pages/Modules.svelte') },
  { id: 'snapshots', label: 'nav.snapshots', icon: 'database', group: 'main', load: () => import('./pages/Snapshots.svelte') },
  { id: 'restore', label: 'nav.restore', icon: 'restore', group: 'main', load: () => import('./pages/Restore.svelte') },
  { id: 'schedule', label: 'nav.schedule', icon: 'clock', group: 'main', load: () => import('./pages/Schedule.svelte') },
  { id: 'cleanup', label: 'nav.cleanup', icon: 'broom', group: 'main', load: () => import('./pages/Cleanup.svelte') },
  { id: 'doctor', label: 'nav.doctor', icon: 'doctor', group: 'main', load: () => import('./pages/Doctor.svelte') },
  { id: 'activity', label: 'nav.activity', icon: 'activity', group: 'main', load: () => import('./pages/Activity.svelte') },
  { id: 'settings', label: 'nav.settings', icon: 'settings', group: 'system', load: () => import('./pages/Settings.svelte') },
];
