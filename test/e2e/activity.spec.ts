import { expect, test } from './support/test';

test.use({ viewport: { width: 1366, height: 860 } });

test('Activity folds the app’s background work away, filters by kind, and says what every job did', async ({
  page,
  ui,
}) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
  // Rescans (each one a job, a few milliseconds long), then one backup and one check.
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('rescan').click();
    await expect(page.getByTestId('rescan')).not.toHaveAttribute('aria-busy', 'true');
  }
  await page.getByTestId('nav-snapshots').click();
  await page.getByTestId('backup-now').first().click();
  await expect(page.getByTestId('snapshots-table').getByRole('row')).toHaveCount(2);
  await page.getByTestId('nav-doctor').click();
  await expect(page.getByTestId('doctor-recheck')).not.toHaveAttribute('aria-busy', 'true');

  await page.getByTestId('nav-activity').click();
  const list = page.getByTestId('job-list');
  const rows = list.locator(':scope > li');
  // What the user did, each with its result; the rescans are one folded row, not six.
  await expect(list.getByRole('link', { name: /Back up the module cache/ })).toContainText(
    '8 versions · 8 new',
  );
  const doctor = list.getByRole('link', { name: /Check for problems/ });
  await expect(doctor).toContainText(/No problems found|\d+ warnings?|\d+ errors?/);
  await expect(doctor).not.toContainText(/\b0 (errors|warnings)/);
  await expect(list.getByRole('link', { name: /Scan the module cache/ })).toHaveCount(0);
  const folded = list.getByTestId('job-folded');
  // The oldest folded row holds the six rescans (a later one may hold a single refresh).
  await expect(folded.last()).toContainText(/\d+ background jobs/);
  expect(await rows.count()).toBeLessThan(10);
  // No label chains colons ("Doctor: check: done").
  await expect(list).not.toContainText(/: \w+: /);

  // By kind: only backups; then the background jobs, every one with its result too.
  const filter = page.getByTestId('job-filter');
  await filter.getByRole('radio', { name: /Backups/ }).click();
  await expect(list.getByRole('link')).toHaveCount(1);
  await expect(list.getByRole('link')).toContainText('Back up the module cache');
  await folded
    .first()
    .isVisible()
    .then((v) => expect(v).toBe(false));
  await filter.getByRole('radio', { name: /Background/ }).click();
  const scans = list.getByRole('link', { name: /Scan the module cache/ });
  expect(await scans.count()).toBeGreaterThanOrEqual(6);
  for (const link of await list.getByRole('link').all())
    await expect(link.getByTestId('job-outcome')).toHaveText(/\S/);
  await expect(scans.first()).toContainText(/8 versions · [\d.]+ KiB/);

  // A folded row opens the background list; the details of a job repeat its result.
  await filter.getByRole('radio', { name: 'Everything you did' }).click();
  await folded.first().click();
  await expect(filter.getByRole('radio', { name: /Background/ })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await scans.first().click();
  await expect(page.getByTestId('job-result')).toContainText('8 versions');
});
