import type { Page } from '@playwright/test';
import { backUpTwice } from './support/scenes';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1024, height: 700 } });

/** The page's controls that the toast stack covers, by name. */
function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const stack = document.querySelector('[data-testid=toasts] .stack');
    const s = stack?.getBoundingClientRect();
    if (!s || s.height === 0) return [];
    const main = document.querySelector('main')!.getBoundingClientRect();
    return [
      ...document.querySelectorAll<HTMLElement>(
        'main :is(button, a[href], input, select, textarea, [role=slider], [tabindex="0"])',
      ),
    ]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.bottom <= main.top || r.top >= main.bottom) return false;
        return r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top;
      })
      .map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim());
  });
}

test('toasts merge repeats into one with a count and never sit on a control, wherever the page is scrolled', async ({
  page,
  ui,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(ui.url);
  await backUpTwice(page);
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('backups-count')).toHaveText('2');

  // The same message three times is one toast that says so.
  const copy = page.getByTestId('card-gomodcache').getByRole('button', { name: 'Copy' });
  for (let i = 0; i < 3; i++) await copy.click();
  const toast = page.getByTestId('toast');
  await expect(toast).toHaveCount(1);
  await expect(toast.getByTestId('toast-count')).toHaveText('×3');
  // While focus (or the pointer) is on it, it stays: long enough for the whole walk below.
  await toast.getByRole('button', { name: 'Dismiss' }).focus();

  // Scrolled anywhere, the stack moves to a corner where it hides none of the page's controls.
  const height = await page.evaluate(() => document.querySelector('main')!.scrollHeight);
  const covered: string[] = [];
  for (let y = 0; y <= height; y += 90) {
    await page.evaluate((top) => document.querySelector('main')!.scrollTo({ top }), y);
    await page.waitForTimeout(300); // the stack moves once scrolling settles
    await expect(toast).toHaveCount(1);
    for (const c of await coveredControls(page)) covered.push(`at ${y}px: ${c}`);
  }
  expect(covered).toEqual([]);
  await expect(toast).toHaveCount(1);
});
