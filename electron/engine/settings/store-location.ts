import type { StorePathSource } from '../../../shared/dto/settings';

export interface StoreLocationInput {
  /** --store on the command line. */
  option?: string;
  /** MODVAULT_STORE in the environment. */
  env?: string;
  /** The store folder chosen in Settings. */
  setting: string | null;
  /** The OS app-data default. */
  defaultDir: string;
  resolve(p: string): string;
}

/** Where the backup store is: the command line beats the environment beats Settings. */
export function resolveStoreLocation(i: StoreLocationInput): {
  path: string;
  source: StorePathSource;
} {
  if (i.option) return { path: i.resolve(i.option), source: 'option' };
  if (i.env) return { path: i.resolve(i.env), source: 'env' };
  if (i.setting) return { path: i.resolve(i.setting), source: 'settings' };
  return { path: i.defaultDir, source: 'default' };
}
