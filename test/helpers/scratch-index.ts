import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../electron/engine/store/migrations';
import { openIndex } from '../../electron/engine/store/store-db';
import { removeTree, tempDir } from './temp';

/** A temporary folder holding `packs/` and a fresh index; `remove` closes and deletes both. */
export async function scratchIndex(
  prefix: string,
): Promise<{ dir: string; packs: string; db: Db; remove(): Promise<void> }> {
  const dir = await tempDir(prefix);
  const packs = path.join(dir, 'packs');
  mkdirSync(packs);
  const db = await openIndex(path.join(dir, 'index.sqlite'), true);
  return {
    dir,
    packs,
    db,
    remove: async () => {
      db.close();
      await removeTree(dir);
    },
  };
}
