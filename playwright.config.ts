import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './test/helpers/chromium';

// Browser tests drive `modvault ui` in Debian's Chromium: Playwright's own browser download is
// not available on the machines this project is built on.
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  // Baselines of the screenshot tests (visual.spec.ts), one set for every machine: CI installs
  // the same fonts (.ci/run). Redraw them with `npm run test:e2e:update-baselines`.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',
  expect: {
    // Font antialiasing varies a little between runs; a layout change moves far more pixels.
    toHaveScreenshot: { maxDiffPixelRatio: 0.02, scale: 'css' },
  },
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
