import { truncate } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { GoFixture } from '../../fixtures/go-fixture';
import { downloadFile } from '../../helpers/cache-damage';

/** Damage before the app opens: a truncated zip, which backups report and the doctor repairs. */
export async function damageAZip(fx: GoFixture): Promise<void> {
  await truncate(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 400);
}

/** Settings → project folders: the fixture's projects, so cleanup knows what is in use. */
export async function addProjectFolder(page: Page, fx: GoFixture): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('add-root').click();
  await page.getByTestId('root-input').fill(`${fx.root}/projects`);
  await page.getByTestId('root-input').press('Enter');
  await expect(page.getByTestId('project-roots')).toContainText(`${fx.root}/projects`);
}

/** Two backups from the Snapshots page, so it has a list, a diff and retention reasons. */
export async function backUpTwice(page: Page): Promise<void> {
  await page.getByTestId('nav-snapshots').click();
  for (const n of [2, 3]) {
    await page.getByTestId('backup-now').first().click();
    await expect(page.getByTestId('snapshots-table').getByRole('row')).toHaveCount(n);
  }
}
