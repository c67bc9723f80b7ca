import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../platform/atomic-file';
import type { Logger } from '../platform/logger';

interface SignatureFile {
  format: 1;
  /** Module cache root → "path@version" → the stat signature of its tree when it verified. */
  caches: Record<string, Record<string, string>>;
}

/**
 * The stat signatures of the trees that last verified (hashed to their h1), kept in a small
 * file of the app-data folder — not in the backup store, not in the cache. With them the
 * default `verify` and `doctor` notice an edited tree at stat cost and hash only the trees
 * whose signature changed. Losing the file only costs one full hashing.
 */
export class TreeSignatures {
  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  private read(): SignatureFile {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as SignatureFile;
      if (parsed.format === 1 && typeof parsed.caches === 'object') return parsed;
    } catch {
      /* none yet, or unreadable: start over */
    }
    return { format: 1, caches: {} };
  }

  /** The recorded signatures of one cache's trees. */
  load(gomodcache: string): Map<string, string> {
    return new Map(Object.entries(this.read().caches[gomodcache] ?? {}));
  }

  /**
   * Replaces one cache's signatures: `current` holds the versions still in the cache with the
   * signature they verified with (a changed or failing tree is simply left out).
   */
  async save(gomodcache: string, current: Map<string, string>): Promise<void> {
    const data = this.read(); // another process may have saved other caches meanwhile
    data.caches[gomodcache] = Object.fromEntries([...current].sort(([a], [b]) => (a < b ? -1 : 1)));
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify(data));
    } catch (e) {
      // Without the file the next check hashes every tree again: slower, never wrong.
      this.logger.warn('could not save the tree signatures', { file: this.file, error: String(e) });
    }
  }
}
