import type { MenuItemConstructorOptions } from 'electron';
import { Menu, nativeImage, Tray } from 'electron';
import { isCommandName } from '../../shared/contract';
import type { AppStatus } from '../../shared/dto/status';
import type { I18n } from '../../shared/i18n';
import type { TrayAction, TrayItem } from './tray-menu';
import { trayMenu, trayTooltip } from './tray-menu';
import { trayIconPath } from './tray-icons';

export interface AppTrayOptions {
  resourcesDir: string;
  i18n: () => Promise<I18n>;
  status: () => Promise<AppStatus>;
  run: (action: TrayAction) => void;
}

/** The tray icon: its picture follows the status level, its menu and tooltip the status. */
export class AppTray {
  private readonly tray: Tray;
  private level = '';

  constructor(private readonly opts: AppTrayOptions) {
    this.tray = new Tray(this.image('idle'));
    // Linux trays open the menu on click; elsewhere a click opens the window.
    this.tray.on('click', () => {
      if (process.platform !== 'linux') opts.run({ kind: 'open' });
    });
  }

  private image(level: AppStatus['level']): Electron.NativeImage {
    const img = nativeImage.createFromPath(
      trayIconPath(this.opts.resourcesDir, level, process.platform),
    );
    if (process.platform === 'darwin') img.setTemplateImage(true);
    return img;
  }

  /** Redraws everything from the current status and language. */
  async refresh(): Promise<void> {
    const [status, i18n] = await Promise.all([this.opts.status(), this.opts.i18n()]);
    const now = Date.now();
    if (status.level !== this.level) {
      this.level = status.level;
      this.tray.setImage(this.image(status.level));
    }
    this.tray.setToolTip(trayTooltip(i18n, status, now));
    this.tray.setContextMenu(
      Menu.buildFromTemplate(this.toTemplate(trayMenu(i18n, status, isCommandName, now))),
    );
  }

  /** While the engine is being restarted: the state, Open and Quit. */
  async reconnecting(i18n: I18n): Promise<void> {
    const { t } = i18n;
    this.tray.setToolTip(`ModVault\n${t('desktop.reconnecting')}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(
        this.toTemplate([
          { label: t('desktop.reconnecting'), enabled: false },
          { label: '', separator: true },
          { label: t('tray.open'), action: { kind: 'open' } },
          { label: t('tray.quit'), action: { kind: 'quit' } },
        ]),
      ),
    );
  }

  private toTemplate(items: TrayItem[]): MenuItemConstructorOptions[] {
    return items.map((item) =>
      item.separator
        ? { type: 'separator' }
        : {
            label: item.label,
            enabled: item.enabled ?? true,
            ...(item.submenu && { submenu: this.toTemplate(item.submenu) }),
            ...(item.action && { click: () => this.opts.run(item.action!) }),
          },
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
