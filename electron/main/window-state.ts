import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../engine/platform/atomic-file';
import type { Logger } from '../engine/platform/logger';
import type { Rect, SavedWindowState } from './window-bounds';
import { restoreBounds } from './window-bounds';

/** Remembers the main window's size, position and maximized state between runs. */
export class WindowStateStore {
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  initial(): { bounds: Rect; maximized: boolean } {
    let saved: Partial<SavedWindowState> | null;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SavedWindowState>;
    } catch {
      saved = null; // first run, or a damaged file: the default placement is fine
    }
    return restoreBounds(
      saved,
      screen.getAllDisplays().map((d) => d.workArea),
      screen.getPrimaryDisplay().workArea,
    );
  }

  /** Saves (debounced) whenever the window moves, resizes or changes maximized state. */
  track(win: BrowserWindow): void {
    const schedule = () => {
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => void this.save(win), 500);
    };
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
      win.on(event as 'resize', schedule);
    win.on('close', () => void this.save(win));
  }

  private async save(win: BrowserWindow): Promise<void> {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    const state: SavedWindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify(state));
    } catch (e) {
      this.logger.warn('window state not saved', { file: this.file, error: String(e) });
    }
  }
}
