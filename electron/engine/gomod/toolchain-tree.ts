import { chmodSync, copyFileSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { TOOLCHAIN_MODULE } from './layout';
import { derivedGoModOf, isToolchainExecutable } from './toolchain-module';

/**
 * Leaves a freshly written toolchain tree as the go command leaves it on first use (select.go):
 * bin/, pkg/tool/ and lib/…/go_<os>_<arch>_exec executable, and a go.mod beside every _go.mod.
 * Called on the temp folder before it is renamed into place, while its folders are writable,
 * so `GOTOOLCHAIN=auto` can run the restored bin/go even when the tree is not the user's to
 * chmod. `rels` are the tree's file names ("bin/go"). Other modules are left alone.
 */
export function finishToolchainTree(
  modulePath: string,
  dir: string,
  rels: readonly string[],
): void {
  if (modulePath !== TOOLCHAIN_MODULE || process.platform === 'win32') return;
  const names = new Set(rels);
  for (const rel of rels) {
    const full = path.join(dir, ...rel.split('/'));
    if (isToolchainExecutable(rel)) chmodSync(full, (statSync(full).mode & 0o777) | 0o111);
    const goMod = derivedGoModOf(rel);
    if (goMod && !names.has(goMod))
      copyFileSync(full, path.join(dir, ...goMod.split('/')), constants.COPYFILE_EXCL);
  }
}
