import { removeTree } from '../helpers/temp';
import { expect, test } from './support/test';

test('the dashboard shows the caches; deleting the module cache turns it into a warning', async ({
  page,
  ui,
  fx,
  cspViolations,
}) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
  await expect(page.getByTestId('gomodcache-path')).toHaveText(fx.gomodcache);
  await expect(page.getByTestId('gocache-size')).toBeVisible();
  // Nothing verified yet: not "Healthy", not "All good".
  await expect(page.getByTestId('health-headline')).toHaveText('Not checked yet');
  await expect(page.getByTestId('sidebar-status')).toHaveText('Not checked yet');

  // Verify: every version matches its .ziphash.
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('card-health')).toContainText(
    'All 8 versions match their checksums.',
  );
  await expect(page.getByTestId('health-headline')).toHaveText('Healthy');
  await expect(page.getByTestId('sidebar-status')).toHaveText('All good');

  // The user (or a cleaner app) deletes the module cache.
  await removeTree(fx.gomodcache);
  await page.getByTestId('rescan').click();
  // The watch saw it go: an incident (never backed up, so no Restore to offer).
  await expect(page.getByTestId('card-gomodcache')).toContainText('The module cache was deleted');
  await expect(page.getByTestId('card-gomodcache')).toContainText(fx.gomodcache);
  await expect(page.getByTestId('status-banner')).toContainText('Go module cache deleted');
  await expect(page.getByTestId('sidebar-status')).toHaveText(/Needs attention/);
  await expect(page.getByTestId('verify')).toBeDisabled();
  expect(cspViolations).toEqual([]);

  // `modvault ui` stopped: the page says so instead of failing silently.
  await ui.stop();
  await expect(page.getByTestId('connection-banner')).toContainText('Reconnecting');
  await expect(page.getByTestId('connection-banner')).toContainText('no longer reachable', {
    timeout: 20_000,
  });
});
