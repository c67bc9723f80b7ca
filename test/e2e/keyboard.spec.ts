import type { Page } from '@playwright/test';
import { expect, test } from './support/test';

/** The focused element shows a focus ring (box-shadow or outline), not the browser default none. */
async function focusRingVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && s.outlineWidth !== '0px');
  });
}

test('the whole app works from the keyboard, with visible focus', async ({ page, ui, fx }) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');

  // Tab: skip link first, then the sidebar; Enter follows a link and focus lands on the title.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-dashboard')).toBeFocused();
  expect(await focusRingVisible(page)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-modules')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Modules' })).toBeFocused();

  // "/" jumps to the search field; Escape clears it.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search modules' });
  await expect(search).toBeFocused();
  await page.keyboard.type('upper');
  const table = page.getByTestId('modules-table');
  await expect(table.getByRole('row')).toHaveCount(2); // header + one module
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(table.getByRole('row')).toHaveCount(6);

  // Arrow keys move through the table (sorted by size, largest first) and show the details.
  await table.focus();
  expect(await focusRingVisible(page)).toBe(true);
  await expect(page.getByTestId('module-details')).toContainText('example.com/lib');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('module-details')).toContainText('example.com/Upper/Case');
  await page.keyboard.press('End');
  await expect(page.getByTestId('module-details')).toContainText('example.com/nomod');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('module-details')).toContainText('example.com/lib');
  expect(page.url()).toContain('#/modules/example.com%2Flib');
  // Selecting is settled: the page does not keep rewriting its URL (a past render loop did).
  let navigations = 0;
  page.on('framenavigated', () => navigations++);
  await page.waitForTimeout(1000);
  expect(navigations).toBe(0);

  // Ctrl+5 opens Settings; the Add folder dialog traps focus and gives it back on Escape.
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const add = page.getByTestId('add-root');
  await add.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add folder' });
  await expect(dialog).toBeVisible();
  const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('dialog'));
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();

  // A relative path is refused with the engine's message, inside the dialog.
  await page.keyboard.press('Enter');
  await page.getByTestId('root-input').fill('projects');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('must be an absolute path');
  await page.getByTestId('root-input').fill(`${fx.root}/projects`);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('project-roots')).toContainText(`${fx.root}/projects`);

  // The theme radio group moves with the arrow keys.
  const theme = page.getByTestId('theme-choice');
  await theme.getByRole('radio', { name: 'System' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(theme.getByRole('radio', { name: 'Light' })).toBeFocused();
  await expect(theme.getByRole('radio', { name: 'Light' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
