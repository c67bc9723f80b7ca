import { inject, onTestFinished } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import { copyPristineFixture } from '../fixtures/go-fixture';
import { removeTree } from './temp';

/** A private copy of the pristine fixture (module cache, proxy, projects), removed after the test. */
export async function copyFixture(): Promise<GoFixture> {
  const fx = await copyPristineFixture(inject('fixtureRoot'), 'modvault-fx-');
  onTestFinished(() => removeTree(fx.root));
  return fx;
}
