import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GoFixture } from '../../fixtures/go-fixture';
import { fixtureEnv } from '../../fixtures/go-fixture';
import { FIXTURE_MODULES } from '../../fixtures/fixture-modules';
import { ensurePristineFixture } from '../../helpers/pristine-fixture';
import { copyTree, removeTree, tempDir } from '../../helpers/temp';

/**
 * Playwright's counterpart of test/helpers/fixture.ts (which relies on Vitest's inject): a
 * private copy of the pristine Go fixture, with its own HOME (so settings start empty) and store.
 */
export async function copyFixtureForE2e(): Promise<GoFixture & { dispose(): Promise<void> }> {
  const pristine = await ensurePristineFixture();
  const root = await tempDir('modvault-e2e-');
  await chmod(root, 0o755);
  for (const name of await readdir(pristine))
    await copyTree(path.join(pristine, name), path.join(root, name));
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
    dispose: () => removeTree(root),
  };
}
