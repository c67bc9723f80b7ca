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

/** A schedule from the New schedule dialog (daily at a time that does not come during a test). */
export async function addSchedule(page: Page, name = 'Nightly'): Promise<void> {
  await page.getByTestId('nav-schedule').click();
  await page.getByTestId('new-schedule').click();
  const editor = page.getByTestId('schedule-editor');
  await page.getByTestId('schedule-name').fill(name);
  await expect(editor.getByTestId('schedule-preview').getByRole('listitem')).toHaveCount(5);
  await page.getByTestId('schedule-save').click();
  await expect(editor).toBeHidden();
}

/**
 * The app as a user who has used it a while sees it: a damaged version, project folders,
 * two backups and a schedule, so every page has something to show.
 */
export async function livedInScene(page: Page, fx: GoFixture, url: string): Promise<void> {
  await damageAZip(fx);
  await page.goto(url);
  // The server scanned the cache as it started, before the damage: look again.
  await rescan(page);
  await addProjectFolder(page, fx);
  await backUpTwice(page);
  await addSchedule(page);
  await page.getByTestId('nav-dashboard').click();
  await rescan(page);
}

/** Dashboard → Rescan, and wait for the scan to end. */
export async function rescan(page: Page): Promise<void> {
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('rescan').click();
  await expect(page.getByTestId('rescan')).not.toHaveAttribute('aria-busy', 'true');
}

/** The pages in sidebar order, as the sidebar lists them. */
export async function sidebarPages(page: Page): Promise<string[]> {
  const ids = await page
    .locator('nav a[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')!.slice(4)));
  return ids;
}

/** Opens a page from the sidebar and waits until its content has loaded. */
export async function openPage(page: Page, id: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await expect(page.getByTestId(`page-${id}`)).toBeVisible();
  await expect(page.locator('main .loading[role="status"]')).toHaveCount(0);
}

/** Settings → Language. */
export async function chooseLanguage(
  page: Page,
  language: 'en' | 'zh-CN' | 'system',
): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language-select').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'zh-CN' ? 'zh-CN' : 'en');
}
