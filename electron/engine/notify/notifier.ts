/**
 * What a notification offers to do besides opening its page. `restore`: a quick restore of
 * `snapshot` (the desktop shell runs the `restore.run` job with `{ mode: 'quick', snapshot }`
 * where the engine has it, and opens the page otherwise).
 */
export interface NotificationAction {
  kind: 'restore';
  label: string;
  snapshot: string;
  mode: 'quick';
}

/** A message for the user outside the window, opening `route` (a renderer page) when clicked. */
export interface UserNotification {
  title: string;
  body: string;
  route: string;
  severity: 'info' | 'warning' | 'error';
  action?: NotificationAction;
}

/**
 * The engine's port to the OS notification center. The desktop shell provides one; the CLI and
 * browser mode have none (their user is looking at a terminal or a tab).
 */
export interface Notifier {
  notify(n: UserNotification): void;
}
