import { screenshot } from './support/screenshots';
import { addProjectFolder, backUpTwice, damageAZip } from './support/scenes';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1360, height: 900 } });

test('Snapshots, Cleanup and Doctor in light and dark, without CSP violations', async ({
  page,
  ui,
  fx,
  cspViolations,
}) => {
  await damageAZip(fx);
  await page.goto(ui.url);
  await addProjectFolder(page, fx);
  await backUpTwice(page);
  const table = page.getByTestId('snapshots-table');
  await expect(table.getByRole('row').nth(1).getByRole('gridcell').last()).toHaveText('1');
  await expect(page.getByTestId('snapshot-problems')).toContainText('Zip unreadable');
  await page.getByTestId('compare-current').click();
  await expect(page.getByTestId('diff-result')).toBeVisible();

  for (const theme of ['Light', 'Dark'] as const) {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('theme-choice').getByRole('radio', { name: theme }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    const suffix = theme.toLowerCase();

    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('backups-count')).toHaveText('2');
    await screenshot(page, `dashboard-backups-${suffix}`, { whole: true });

    await page.getByTestId('nav-snapshots').click();
    await expect(page.getByTestId('snapshot-details')).toBeVisible();
    await screenshot(page, `snapshots-${suffix}`, { whole: true });

    await page.getByTestId('nav-cleanup').click();
    await page.getByTestId('to-preview').click();
    await expect(page.getByTestId('plan-table').getByRole('row')).toHaveCount(3);
    await page.getByTestId('kept-toggle').click();
    await screenshot(page, `cleanup-${suffix}`, { whole: true });

    await page.getByTestId('nav-doctor').click();
    await expect(page.getByTestId('group-error')).toContainText('Zip cannot be read');
    await screenshot(page, `doctor-${suffix}`, { whole: true });
  }
  expect(cspViolations).toEqual([]);
});
