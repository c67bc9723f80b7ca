import type { GoFixture } from '../../fixtures/go-fixture';
import { copyPristineFixture } from '../../fixtures/go-fixture';
import { ensurePristineFixture } from '../../helpers/pristine-fixture';
import { removeTree } from '../../helpers/temp';

/**
 * Playwright's counterpart of test/helpers/fixture.ts (which relies on Vitest's inject): a
 * private copy of the pristine Go fixture, with its own HOME (so settings start empty) and store.
 */
export async function copyFixtureForE2e(): Promise<GoFixture & { dispose(): Promise<void> }> {
  const fx = await copyPristineFixture(await ensurePristineFixture(), 'modvault-e2e-');
  return { ...fx, dispose: () => removeTree(fx.root) };
}
