import type { Migration } from '../migrations';

/**
 * What the module cache took on disk when the snapshot was taken, counted as the dashboard
 * counts it (zips, plus the unpacked files of the extracted trees): the size history shows the
 * same number as the cache itself. Null for snapshots taken before (and for imports).
 */
export const diskBytesSchema: Migration = {
  version: 5,
  name: 'disk-bytes',
  up(db) {
    db.exec('ALTER TABLE snapshots ADD COLUMN disk_bytes INTEGER');
  },
};
