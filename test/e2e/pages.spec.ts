import { expect, test } from './support/test';
import { screenshot } from './support/screenshots';

test.use({ viewport: { width: 1360, height: 900 } });

test('every page renders without CSP violations, in light and dark', async ({
  page,
  ui,
  fx,
  cspViolations,
}) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('card-health')).toContainText('All 8 versions');
  await screenshot(page, 'dashboard-light');

  // With project folders set, the catalog says who uses what.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('add-root').click();
  await page.getByTestId('root-input').fill(`${fx.root}/projects`);
  await page.getByTestId('root-input').press('Enter');
  await expect(page.getByTestId('project-roots')).toContainText(`${fx.root}/projects`);
  await screenshot(page, 'settings-light');

  await page.getByTestId('nav-modules').click();
  const table = page.getByTestId('modules-table');
  await table.getByText('example.com/Upper/Case').click();
  await expect(table.getByRole('row', { name: /example\.com\/lib/ })).toContainText('2 projects');
  await expect(page.getByTestId('module-details')).toContainText(
    'No scanned project uses this version.',
  );
  await screenshot(page, 'modules-light');

  await page.getByTestId('nav-activity').click();
  await expect(page.getByTestId('job-list')).toContainText('Find Go projects');
  await page.getByTestId('job-list').getByText('Find Go projects').click();
  await expect(page.getByTestId('job-output')).toContainText(`${fx.projects.alpha}`);
  await screenshot(page, 'activity-light');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('theme-choice').getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'settings-dark');
  for (const name of ['dashboard', 'modules', 'activity'] as const) {
    await page.getByTestId(`nav-${name}`).click();
    await expect(page.getByTestId(`page-${name}`)).toBeVisible();
    if (name === 'dashboard') await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
    if (name === 'modules')
      await page.getByTestId('modules-table').getByText('example.com/lib').click();
    await screenshot(page, `${name}-dark`);
  }
  expect(cspViolations).toEqual([]);
});
