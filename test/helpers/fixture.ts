import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { inject, onTestFinished } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import { fixtureEnv } from '../fixtures/go-fixture';
import { FIXTURE_MODULES } from '../fixtures/fixture-modules';
import { copyTree, removeTree, tempDir } from './temp';

/**
 * A private copy of the pristine fixture (module cache, proxy, projects) for one test, removed
 * when the test finishes. Building it takes seconds; copying it, milliseconds.
 */
export async function copyFixture(): Promise<GoFixture> {
  const pristine = inject('fixtureRoot');
  const root = await tempDir('modvault-fx-');
  // Readable by everyone, so tests can hand the tree to an unprivileged user.
  await chmod(root, 0o755);
  for (const name of await readdir(pristine))
    await copyTree(path.join(pristine, name), path.join(root, name));
  onTestFinished(() => removeTree(root));
  const proxyDir = path.join(root, 'proxy');
  const env = fixtureEnv(root, proxyDir);
  return {
    root,
    proxyDir,
    gopath: env.GOPATH!,
    gomodcache: env.GOMODCACHE!,
    gocache: env.GOCACHE!,
    projects: {
      alpha: path.join(root, 'projects', 'alpha'),
      beta: path.join(root, 'projects', 'beta'),
    },
    env,
    modules: FIXTURE_MODULES,
  };
}
