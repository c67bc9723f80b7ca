import type { Migration } from '../migrations';

/**
 * Schema version 3 belongs to the store-integrity work (metadata blobs, snapshot manifests),
 * developed beside delta blobs (004). This stand-in keeps the versions consecutive on a branch
 * without it; the merge replaces it with that migration.
 */
export const reservedSchema: Migration = {
  version: 3,
  name: 'reserved',
  up() {},
};
