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

/**
 * What changes from one run of the same scene to the next: times and dates (absolute and
 * relative), durations, snapshot ids, paths under the test's temporary folder, store sizes,
 * counts of background jobs. The screenshot tests cover these with a mask, so a picture
 * differs only when the page does.
 */
const VOLATILE = [
  /\b\d{1,2}:\d{2}\b/,
  /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b/,
  /\b(ago|in \d+|now|yesterday|tomorrow)\b/i,
  /\b\d+(\.\d+)? ?(ms|s|sec|min|h|hours?|minutes?|seconds?|days?)\b/,
  /\d+(\.\d+)? ?(B|KiB|MiB|GiB)\b/,
  /\b[0-9a-f]{8}\b/,
  /\/tmp\/|modvault-e2e-/,
  /\d+ background jobs?/,
  /\d+年|\d+月\d+日|\d+ ?(秒|分钟|小时|天|周)|刚刚|现在|昨天|明天|毫秒|个后台任务|上午|下午/,
];

/** Marks the elements showing volatile text (see VOLATILE) with data-volatile. */
export async function markVolatile(page: Page): Promise<void> {
  await page.evaluate(
    (sources) => {
      const patterns = sources.map((s) => new RegExp(s.source, s.flags));
      for (const el of document.querySelectorAll('[data-volatile]'))
        el.removeAttribute('data-volatile');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        // A button's label is what it does ("Back up now"), never a time.
        if (n.parentElement?.closest('button, [role=radio]')) continue;
        if (text.trim() && patterns.some((p) => p.test(text)))
          n.parentElement?.setAttribute('data-volatile', '');
      }
    },
    VOLATILE.map((r) => ({ source: r.source, flags: r.flags })),
  );
}
