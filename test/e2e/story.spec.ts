import { existsSync } from 'node:fs';
import { downloadFile } from '../helpers/cache-damage';
import { canDropPrivileges } from '../helpers/unprivileged';
import { deleteCache, goOffline, onDisk, uiAsNobody, UNUSED } from './support/as-nobody';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1360, height: 900 } });
test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

/**
 * Issue 6's story end to end, as the user "nobody" whose module trees are read-only: back up
 * from the dashboard, lose the cache, follow the dashboard to the Restore page, restore, build
 * offline with the real go command, then clean up unused versions and undo it.
 */
test('back up, lose the cache, restore from the dashboard, go builds offline, clean up and undo', async ({
  page,
  fx,
  cspViolations,
}) => {
  // Many steps, each a real job: the whole story gets the long timeout, no step a limit of its own.
  test.slow();
  const ui = await uiAsNobody(fx);
  try {
    await page.goto(ui.url);
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');

    // No backup yet: the size-over-time card says so and offers one.
    const history = page.getByTestId('card-history');
    await expect(history).toContainText('No backups of this cache yet');
    await expect(page.getByTestId('card-backups').getByTestId('last-backup')).toHaveText(
      'No backup yet',
    );
    await screenshot(page, 'story-1-dashboard-no-backup', { whole: true });

    // Back up now, from the dashboard: the chart gets its point when the snapshot lands.
    await history.getByTestId('history-backup-now').click();
    await expect(page.getByTestId('card-backups').getByTestId('backup-result')).toContainText(
      'Backed up 8 versions · 8 new',
    );
    await expect(page.getByTestId('backups-count')).toHaveText('1');
    const chart = page.getByTestId('history-chart');
    await expect(chart).toHaveAttribute('aria-valuemax', '0');
    await expect(chart).toHaveAttribute('aria-valuetext', /: \d+(\.\d+)? KiB · 8 versions$/);
    await expect(page.getByTestId('history-one')).toBeVisible();
    await expect(history.locator('circle.mark')).toHaveCount(1);
    // Walked with the keyboard: the point under the cursor is read out.
    await chart.focus();
    await page.keyboard.press('Home');
    await expect(history.locator('.readout')).toContainText('8 versions');
    await screenshot(page, 'story-2-dashboard-backed-up', { whole: true });

    // The cache deleted on disk, the way a user does it.
    await deleteCache(fx);
    await page.getByTestId('rescan').click();
    await expect(page.getByTestId('card-gomodcache')).toContainText('The module cache was deleted');
    const banner = page.getByTestId('status-banner');
    await expect(banner).toContainText(/module cache (was )?deleted/);
    await expect(page.getByTestId('sidebar-status')).toHaveText(/Needs attention/);
    // What was backed up is still drawn: the store, not the cache, holds the history.
    await expect(chart).toHaveAttribute('aria-valuetext', /8 versions$/);
    await screenshot(page, 'story-3-dashboard-cache-missing', { whole: true });

    // From the banner to the Restore page, which already knows what happened.
    await banner.getByTestId('banner-restore').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Restore');
    await expect(page.getByTestId('restore-cache-context')).toContainText(fx.gomodcache);
    await expect(page.getByTestId('restore-situation-gone')).toBeChecked();
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-snapshots').getByRole('radio').first()).toBeChecked();
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-mode-quick')).toBeChecked();
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-count-missing').locator('.n')).toHaveText('8');
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('Restore complete');
    await expect(page.getByTestId('restore-result-restored').locator('.n')).toHaveText('8');
    await expect(page.getByTestId('restore-result-failed').locator('.n')).toHaveText('0');
    // Restored and read back, but the cache as a whole is not verified yet: not "All good".
    await expect(page.getByTestId('sidebar-status')).toHaveText('Not checked yet');
    await screenshot(page, 'story-4-restore-complete', { whole: true });

    // The proof: the real go command builds both projects with the network off.
    for (const dir of [fx.projects.alpha, fx.projects.beta]) {
      const build = await goOffline(fx, dir, ['build', './...']);
      expect(build.code, build.stderr).toBe(0);
    }

    // The dashboard is healthy again; a second backup draws the line.
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
    await expect(page.getByTestId('status-banner')).toHaveCount(0);
    await page.getByTestId('card-backups').getByTestId('backup-now').click();
    await expect(chart).toHaveAttribute('aria-valuemax', '1');
    await expect(history.locator('circle.mark')).toHaveCount(2);
    await expect(page.getByTestId('history-one')).toHaveCount(0);
    await screenshot(page, 'story-5-dashboard-restored', { whole: true });
    // The theme follows the system: the chart's colours come from the dark palette too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'story-5-dashboard-restored-dark', { whole: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Cleanup of the versions no project uses, then Undo brings them back as they were.
    // (The quick restore put back their zips; Go extracts a tree only when a build needs it.)
    const before = await Promise.all(UNUSED.map((m) => onDisk(fx, m)));
    expect(before).toEqual(UNUSED.map(() => ({ zip: true, tree: null })));
    await page.getByTestId('nav-cleanup').click();
    await page.getByTestId('to-preview').click();
    const plan = page.getByTestId('plan-table');
    await expect(plan.getByRole('row')).toHaveCount(3);
    for (const m of UNUSED) await expect(plan).toContainText(`${m.path}@${m.version}`);
    await page.getByTestId('to-options').click();
    await expect(page.getByTestId('mode-quarantine')).toBeChecked();
    await page.getByTestId('run-clean').click();
    const result = page.getByTestId('clean-result');
    await expect(result).toContainText('Moved 2 items');
    for (const m of UNUSED) expect(await onDisk(fx, m)).toEqual({ zip: false, tree: null });
    await screenshot(page, 'story-6-cleanup-done', { whole: true });
    await page.getByTestId('undo').click();
    await expect(result).toContainText('Put back 2 items');
    expect(await Promise.all(UNUSED.map((m) => onDisk(fx, m)))).toEqual(before);
    // The versions the projects use were never touched.
    expect(existsSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.1.0', 'zip'))).toBe(true);
    await screenshot(page, 'story-7-cleanup-undone', { whole: true });
    expect(cspViolations).toEqual([]);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});
