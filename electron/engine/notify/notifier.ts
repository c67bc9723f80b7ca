/** A message for the user outside the window, opening `route` (a renderer page) when clicked. */
export interface UserNotification {
  title: string;
  body: string;
  route: string;
  severity: 'info' | 'warning' | 'error';
}

/**
 * The engine's port to the OS notification center. The desktop shell provides one; the CLI and
 * browser mode have none (their user is looking at a terminal or a tab).
 */
export interface Notifier {
  notify(n: UserNotification): void;
}
