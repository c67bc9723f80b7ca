// The dashboard's size-over-time chart from snapshots, and the way from a lost cache to Restore.

export const historyEn = {
  'history.title': 'Size over time',
  'history.hint': 'The module cache on disk at each backup (zips and extracted trees, as above)',
  'history.label': 'Module cache size on disk at each backup',
  'history.emptyTitle': 'No backups of this cache yet',
  'history.emptyBody':
    'Each backup adds a point here: how big the module cache was and how many versions it held.',
  'history.one': 'One backup so far: the next one draws the line.',
  'status.restore': 'Restore…',
};
