import { test as base, expect } from '@playwright/test';
import type { GoFixture } from '../../fixtures/go-fixture';
import { copyFixtureForE2e } from './fixture';
import type { RunningUi } from '../../helpers/ui-server';
import { startUiServer } from '../../helpers/ui-server';

interface E2eFixtures {
  fx: GoFixture;
  ui: RunningUi;
  /** Content Security Policy violations the page reported (must stay empty). */
  cspViolations: string[];
}

/** Each test gets a private fixture copy, its own `modvault ui` process, and a CSP watcher. */
export const test = base.extend<E2eFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern
  fx: async ({}, use) => {
    const fx = await copyFixtureForE2e();
    await use(fx);
    await fx.dispose();
  },
  ui: async ({ fx }, use) => {
    const ui = await startUiServer(fx.env);
    await use(ui);
    await ui.stop();
  },
  cspViolations: async ({ page }, use) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await use(violations);
  },
});

export { expect };
