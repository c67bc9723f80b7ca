import { Notification } from 'electron';
import type { NotificationAction, Notifier, UserNotification } from '../engine/notify/notifier';
import type { MainWindow } from './main-window';

/**
 * OS notifications for the engine; a click opens the page the notification is about, and an
 * action button (where the OS shows them: macOS, Windows) runs the notification's action.
 */
export class ElectronNotifier implements Notifier {
  // Electron drops click handlers of notifications that get garbage-collected: keep them.
  private readonly live = new Set<Notification>();

  constructor(
    private readonly window: MainWindow,
    private readonly icon: string,
    private readonly runAction: (action: NotificationAction) => void,
  ) {}

  notify(n: UserNotification): void {
    // A user looking at the window sees the in-app toast instead.
    if (this.window.isFocused() || !Notification.isSupported()) return;
    const note = new Notification({
      title: n.title,
      body: n.body,
      icon: this.icon,
      silent: n.severity === 'info',
      urgency: n.severity === 'error' ? 'critical' : 'normal',
      actions: n.action ? [{ type: 'button', text: n.action.label }] : [],
    });
    this.live.add(note);
    note.on('click', () => this.window.show(n.route));
    if (n.action) {
      const action = n.action;
      note.on('action', () => this.runAction(action));
    }
    note.on('close', () => this.live.delete(note));
    note.show();
  }
}
