import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** Kept outside Playwright's outputDir (wiped at every run start) so a whole run's set stays. */
export const SCREENSHOT_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test-results',
  'screenshots',
);

/**
 * Saves the page as it looks. The app scrolls inside <main>, so a full-page screenshot is only
 * the window: `whole` grows the window to the page's content for the shot, then restores it.
 */
export async function screenshot(
  page: Page,
  name: string,
  opts: { whole?: boolean } = {},
): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  if (opts.whole && size) {
    const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
    if (height > size.height) await page.setViewportSize({ width: size.width, height });
  }
  // Let transitions and the live clock settle so screenshots are comparable between runs.
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  if (opts.whole && size) await page.setViewportSize(size);
}
