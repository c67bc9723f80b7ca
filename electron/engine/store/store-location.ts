import type { StoreLocationSource } from '../../../shared/dto/store';

export interface StoreLocationInput {
  /** --store DIR from the command line. */
  option?: string;
  /** MODVAULT_STORE from the environment. */
  env?: string;
  /** The store folder chosen in the app settings. */
  setting?: string | null;
  /** The OS app-data folder (appDirs().dataDir). */
  defaultDir: string;
  resolve(p: string): string;
}

export interface StoreLocation {
  dir: string;
  source: StoreLocationSource;
}

/** --store beats MODVAULT_STORE, which beats the app settings, which beat the OS default. */
export function resolveStoreLocation(i: StoreLocationInput): StoreLocation {
  if (i.option) return { dir: i.resolve(i.option), source: 'option' };
  if (i.env) return { dir: i.resolve(i.env), source: 'env' };
  if (i.setting) return { dir: i.resolve(i.setting), source: 'settings' };
  return { dir: i.defaultDir, source: 'default' };
}
