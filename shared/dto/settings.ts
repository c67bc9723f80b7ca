import type { StoreLocationSource } from './store';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** 'system' follows the OS (Electron) or the browser's preferred languages. */
export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the user chose in Settings; persisted as JSON in the OS config folder. */
export interface Settings {
  /** Backup store folder; null means the default in the OS app-data folder. */
  storePath: string | null;
  /** Folders searched for Go projects ("which project uses this version"). */
  projectRoots: string[];
  /** Days a cleaned-up version stays in quarantine (undo possible) before it is purged. */
  quarantineRetentionDays: number;
  /** Quarantine folder; null means `.modvault-quarantine` beside each cache root. */
  quarantineDir: string | null;
  /** Snapshot the versions a cleanup is about to remove, first. */
  backupFirst: boolean;
  /** `clean all` runs the real `go clean` instead of ModVault's quarantine. */
  preferToolchain: boolean;
  /** Notify when a long job finishes or fails. */
  notifyJobs: boolean;
  /** Notify about cache problems (cache deleted, tampered or broken versions). */
  notifyProblems: boolean;
  /** Start the desktop app (in the tray) when the user logs in. */
  launchAtLogin: boolean;
  /** The cache watcher raises cache-lost when at least this percentage of the versions vanish at once. */
  cacheLossPercent: number;
  language: Language;
  theme: Theme;
  /** The app's sidebar shows icons only (more room for the page on a small screen). */
  sidebarCollapsed: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  storePath: null,
  projectRoots: [],
  quarantineRetentionDays: 14,
  quarantineDir: null,
  backupFirst: false,
  preferToolchain: false,
  notifyJobs: true,
  notifyProblems: true,
  launchAtLogin: false,
  cacheLossPercent: 30,
  language: 'system',
  theme: 'system',
  sidebarCollapsed: false,
};

/** Who decided where the store is, strongest first. */
export type StorePathSource = StoreLocationSource;

export interface SettingsView {
  settings: Settings;
  /** The settings file. */
  file: string;
  /** The store folder in effect and why: --store and MODVAULT_STORE beat the setting. */
  store: { path: string; source: StorePathSource };
  /** Problems met reading the file (the affected values fell back to their defaults). */
  warnings: string[];
}
