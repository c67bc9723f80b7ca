// The app's frame: the collapsible sidebar, toasts, the Activity page's grouping and filters,
// and the one-line result of every kind of job.

export const shellEn = {
  'nav.collapse': 'Collapse sidebar',
  'nav.expand': 'Expand sidebar',
  // Cleanup's preview: a version's date is when it was downloaded, not when it was last used.
  'cleanup.col.downloaded': 'Downloaded',
};
