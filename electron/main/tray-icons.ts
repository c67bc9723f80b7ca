import path from 'node:path';
import type { StatusLevel } from '../../shared/dto/status';

/**
 * The tray icon file for a state, per OS convention: macOS template images (black + alpha, the
 * menu bar tints them; @2x picked up automatically), .ico on Windows, PNG elsewhere.
 */
export function trayIconPath(
  resourcesDir: string,
  level: StatusLevel,
  platform: NodeJS.Platform,
): string {
  const dir = path.join(resourcesDir, 'tray');
  if (platform === 'darwin') return path.join(dir, `${level}Template.png`);
  if (platform === 'win32') return path.join(dir, `${level}.ico`);
  return path.join(dir, `${level}.png`);
}

export function appIconPath(resourcesDir: string, platform: NodeJS.Platform): string {
  return path.join(resourcesDir, platform === 'win32' ? 'icon.ico' : 'icon.png');
}
