import type { FSWatcher } from 'node:fs';
import { statSync, watch } from 'node:fs';
import type { Logger } from '../platform/logger';

interface Watched {
  ino: number;
  watcher: FSWatcher;
}

/**
 * Filesystem events on a few folders, never recursive: the cache roots, their parents (a root
 * deleted or renamed) and cache/download (a host's modules removed). A watched folder that is
 * deleted and created again (a restore) is watched anew on the next sync.
 */
export class DirWatch {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly onEvent: () => void,
    private readonly logger: Logger,
  ) {}

  /** Watches these folders (those that exist); returns the ones that deliver events. */
  sync(dirs: readonly string[]): Set<string> {
    const wanted = new Set(dirs);
    for (const [dir, w] of this.watched) {
      const ino = inodeOf(dir);
      if (!wanted.has(dir) || ino !== w.ino) this.unwatch(dir);
    }
    for (const dir of wanted) {
      if (this.watched.has(dir)) continue;
      const ino = inodeOf(dir);
      if (ino === null) continue;
      try {
        const watcher = watch(dir, { persistent: false }, () => this.onEvent());
        watcher.on('error', () => {
          this.unwatch(dir);
          this.onEvent();
        });
        this.watched.set(dir, { ino, watcher });
      } catch (e) {
        this.logger.debug('cannot watch a folder; relying on the periodic listing', {
          dir,
          error: String(e),
        });
      }
    }
    return new Set(this.watched.keys());
  }

  private unwatch(dir: string): void {
    this.watched.get(dir)?.watcher.close();
    this.watched.delete(dir);
  }

  close(): void {
    for (const dir of [...this.watched.keys()]) this.unwatch(dir);
  }
}

function inodeOf(dir: string): number | null {
  try {
    const st = statSync(dir, { throwIfNoEntry: false });
    return st?.isDirectory() ? st.ino : null;
  } catch {
    return null;
  }
}
