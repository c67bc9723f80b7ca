import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { DAMAGES, EXTRACTED } from '../helpers/damage-catalog';
import { startUiServer } from '../helpers/ui-server';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';
import { deleteCache, giveFixtureToNobody, goOffline } from './support/as-nobody';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

// When something is broken: a damaged cache through the health every page shows and the
// Restore wizard (which must plan it, not fail), a deleted cache, and a fresh machine — all as
// the cache's owner, "nobody".

test.use({ viewport: { width: 1360, height: 900 } });
test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

const tile = (page: Page, id: string) => page.getByTestId(id).locator('.n');

/** Zips whose central directory is fine — the scan sees nothing — but that cannot be read. */
const UNREADABLE_ZIPS = ['zip with bad deflate data', 'zip with a bad CRC', 'zip truncated'];

async function damaged(fx: GoFixture): Promise<string[]> {
  await giveFixtureToNobody(fx);
  const snap = await runCli(['snapshot', '--json'], { env: fx.env, asNobody: true });
  expect(snap.code, snap.stderr).toBe(0);
  const keys: string[] = [];
  for (const [i, name] of UNREADABLE_ZIPS.entries()) {
    const m = EXTRACTED[i]!;
    await DAMAGES.find((d) => d.name === name)!.apply(fx, m);
    keys.push(`${m.path}@${m.version}`);
  }
  await giveToNobody(fx.root);
  return keys;
}

test('a damaged cache: one health everywhere, then the Restore wizard repairs it', async ({
  page,
  fx,
  cspViolations,
}) => {
  const keys = await damaged(fx);
  const ui = await startUiServer(fx.env, { asNobody: true });
  try {
    await page.goto(ui.url);
    // Nothing verified yet: not "Healthy".
    await expect(page.getByTestId('health-headline')).toHaveAttribute(
      'data-state',
      /unchecked|problems/,
    );
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('health-headline')).toHaveText('3 versions need a repair');
    await expect(page.getByTestId('sidebar-status')).toHaveText('Problem found');
    // The banner says what to do next, in the app's words.
    const banner = page.getByTestId('status-banner');
    await expect(banner).toContainText('Verification found');
    await expect(banner.getByTestId('banner-doctor')).toHaveText('Repair in the Doctor');
    await expect(page.getByTestId('card-problems')).toContainText('example.com/lib@v1.0.0');
    await screenshot(page, 'damaged-dashboard-light', { whole: true });

    // The Modules page shows the problem, not OK, and its Problems filter lists it.
    await page.getByTestId('nav-modules').click();
    const libRow = page
      .getByTestId('modules-table')
      .getByRole('row', { name: /example\.com\/lib/ });
    await expect(libRow.getByTestId('module-problem')).toHaveText('Zip cannot be read');
    await page.getByRole('radio', { name: 'Problems' }).check({ force: true });
    const rows = page.getByTestId('modules-table').getByRole('row');
    await expect(rows).toHaveCount(1 + new Set(keys.map((k) => k.split('@')[0])).size);
    await libRow.click();
    await expect(page.getByTestId('version-problem').first()).toContainText(
      'found by verification',
    );

    // Restore: the wizard suggests replacing broken versions, plans them, and repairs them.
    await page.getByTestId('nav-restore').click();
    await expect(page.getByTestId('restore-situation-broken')).toBeChecked();
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-repair')).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('restore-next').click();
    await expect(tile(page, 'restore-count-damaged')).toHaveText('3');
    await expect(page.getByTestId('restore-wizard')).not.toContainText('Internal error');
    await expect(page.getByTestId('restore-start')).toBeEnabled();
    await screenshot(page, 'damaged-restore-preview-light', { whole: true });
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('Restore complete');
    await expect(tile(page, 'restore-result-restored')).toHaveText('3');
    await expect(tile(page, 'restore-result-failed')).toHaveText('0');

    // The health follows the restore: nothing needs a repair any more.
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('health-headline')).not.toHaveText(/need a repair/);
    await expect(page.getByTestId('sidebar-status')).not.toHaveText('Problem found');
    await expect(page.getByTestId('status-banner')).toHaveCount(0);
    const verify = await runCli(['verify', '--deep'], { env: fx.env, asNobody: true });
    expect(verify.code, verify.stdout).toBe(0);
    const build = await goOffline(fx, fx.projects.alpha, ['build', './...']);
    expect(build.code, build.stderr).toBe(0);
    expect(cspViolations).toEqual([]);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('a deleted cache: the banner and Back up now lead to Restore', async ({ page, fx }) => {
  await giveFixtureToNobody(fx);
  expect((await runCli(['snapshot'], { env: fx.env, asNobody: true })).code).toBe(0);
  await deleteCache(fx);
  const ui = await startUiServer(fx.env, { asNobody: true });
  try {
    await page.goto(ui.url);
    await expect(page.getByTestId('health-headline')).toHaveText('The module cache was deleted');
    await expect(page.getByTestId('card-gomodcache')).toContainText(/Snapshot [0-9a-f]{8} holds 8/);
    await expect(page.getByTestId('status-banner').getByTestId('banner-restore')).toBeVisible();
    await page.getByTestId('nav-snapshots').click();
    const backUp = page.getByTestId('backup-now').first();
    await expect(backUp).toBeDisabled();
    await expect(page.getByTestId('backup-blocked').first()).toContainText(
      'The module cache was deleted: there is nothing to back up. Restore it first.',
    );
    await page.getByTestId('backup-restore').first().click();
    await expect(page.getByTestId('restore-situation-gone')).toBeChecked();
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('a damaged backup store: the health says so everywhere and leads to its repair', async ({
  page,
  fx,
}) => {
  await giveFixtureToNobody(fx);
  expect((await runCli(['snapshot'], { env: fx.env, asNobody: true })).code).toBe(0);
  // Its packs lost (a disk, a sync tool): check finds it and marks what is gone.
  const packs = path.join(fx.env.MODVAULT_STORE!, 'packs');
  for (const name of await readdir(packs)) await rm(path.join(packs, name));
  expect((await runCli(['check'], { env: fx.env, asNobody: true })).code).toBe(1);
  const ui = await startUiServer(fx.env, { asNobody: true });
  try {
    await page.goto(ui.url);
    const banner = page.getByTestId('status-banner');
    await expect(banner).toContainText('missing or damaged: 1 snapshot cannot be restored');
    await expect(page.getByTestId('sidebar-status')).not.toContainText('All good');
    await banner.getByTestId('banner-store').click();
    await expect(page).toHaveURL(/#\/snapshots/);
    await expect(page.getByTestId('card-store')).toBeVisible();
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('a fresh machine is calm; the demo cache is real, labelled and removable', async ({
  page,
  fx,
}) => {
  await giveToNobody(fx.root);
  const env = { ...fx.env, GOMODCACHE: `${fx.root}/new-user/go/pkg/mod` };
  const ui = await startUiServer(env, { asNobody: true });
  try {
    await page.goto(ui.url);
    await expect(page.getByTestId('health-headline')).toHaveText('No module cache yet');
    await expect(page.getByTestId('sidebar-status')).toHaveText('No module cache yet');
    await expect(page.getByTestId('status-banner')).toHaveCount(0);
    await expect(page.getByTestId('gomodcache-restore')).toHaveCount(0);
    await expect(page.getByTestId('card-gomodcache')).toContainText('Nothing is wrong');
    await screenshot(page, 'first-run-light', { whole: true });

    await page.getByTestId('demo-create').click();
    await expect(page.getByTestId('demo-banner')).toContainText('Demo cache in use');
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('4');
    await expect(page.getByTestId('health-headline')).toHaveText('Not checked yet');
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('health-headline')).toHaveText('Healthy');
    await screenshot(page, 'demo-light', { whole: true });

    await page.getByTestId('demo-remove').click();
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
    await expect(page.getByTestId('health-headline')).toHaveText('No module cache yet');
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});
